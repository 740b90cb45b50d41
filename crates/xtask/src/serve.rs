//! Serving the app: `trunk serve` for people, a tiny static server on
//! 127.0.0.1 for the end-to-end tests (no dependency, no network beyond loopback).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::install::Env;

/// `cargo xtask serve`: the app with its built-in example on 127.0.0.1:8080.
pub fn dev(root: &Path, env: &Env) -> Result<(), String> {
    println!("serving billsim on http://127.0.0.1:8080/ (Ctrl-C to stop)");
    let status = Command::new(&env.trunk)
        .current_dir(root)
        .env("PATH", &env.path)
        .args([
            "serve",
            "--release",
            // The reload script Trunk would inject inline is not in the page's CSP.
            "--no-autoreload",
            "--address",
            "127.0.0.1",
            "--port",
            "8080",
        ])
        .status()
        .map_err(|e| format!("trunk serve: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("trunk serve exited with {status}"))
    }
}

/// A static file server for `dist/`, stopped when dropped.
pub struct Static {
    /// The port it listens on (chosen by the OS).
    pub port: u16,
    stop: Arc<AtomicBool>,
}

fn mime(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

impl Static {
    /// Serves `dir` on an ephemeral loopback port.
    pub fn start(dir: &Path) -> Result<Static, String> {
        let listener =
            TcpListener::bind("127.0.0.1:0").map_err(|e| format!("static server: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let dir: PathBuf = dir.to_path_buf();
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let dir = dir.clone();
                        std::thread::spawn(move || {
                            let _ = stream.set_nonblocking(false);
                            let _ = handle(stream, &dir);
                        });
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        });
        Ok(Static { port, stop })
    }
}

impl Drop for Static {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn handle(mut stream: std::net::TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request = String::new();
        if reader.read_line(&mut request)? == 0 {
            return Ok(());
        }
        let mut line = String::new();
        while reader.read_line(&mut line)? > 2 {
            line.clear();
        }
        let path = request
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .split(['?', '#'])
            .next()
            .unwrap_or("/");
        let rel = path.trim_start_matches('/');
        let file = if rel.is_empty() || rel.contains("..") {
            dir.join("index.html")
        } else {
            dir.join(rel)
        };
        let (status, body, kind) = match std::fs::read(&file) {
            Ok(b) => ("200 OK", b, mime(&file)),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        };
        write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\r\n", body.len())?;
        stream.write_all(&body)?;
    }
}
