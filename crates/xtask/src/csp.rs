//! `cargo xtask csp`, run by Trunk as a post-build hook: adds a
//! Content-Security-Policy to the built page. Trunk's loader is an inline
//! module script, so the policy allows exactly that script by its hash and
//! nothing else inline; the page may talk only to its own origin.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy, with the loader's hash filled in.
fn policy(script_hash: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'sha256-{script_hash}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         base-uri 'none'; form-action 'none'"
    )
}

/// Rewrites `index.html` in Trunk's staging directory.
pub fn apply() -> Result<(), String> {
    let dir = std::env::var("TRUNK_STAGING_DIR").map_err(|_| {
        "csp: run by Trunk as a post_build hook (TRUNK_STAGING_DIR unset)".to_owned()
    })?;
    let path = std::path::Path::new(&dir).join("index.html");
    let html =
        std::fs::read_to_string(&path).map_err(|e| format!("csp: {}: {e}", path.display()))?;
    let out = with_policy(&html)?;
    std::fs::write(&path, out).map_err(|e| format!("csp: {e}"))
}

/// The page with the policy meta tag as the first element of `<head>`.
pub fn with_policy(html: &str) -> Result<String, String> {
    let open = "<script type=\"module\">";
    let start = html
        .find(open)
        .ok_or("csp: no inline module script found")?
        + open.len();
    let end = start
        + html[start..]
            .find("</script>")
            .ok_or("csp: unterminated script")?;
    let hash = base64::engine::general_purpose::STANDARD
        .encode(Sha256::digest(&html.as_bytes()[start..end]));
    let head = html.find("<head>").ok_or("csp: no <head>")? + "<head>".len();
    let meta = format!(
        "\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy(&hash)
    );
    Ok(format!("{}{meta}{}", &html[..head], &html[head..]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_the_inline_loader() {
        let html =
            "<html><head><title>x</title><script type=\"module\">init()</script></head></html>";
        let out = super::with_policy(html).unwrap();
        // sha256("init()") in base64, as `printf 'init()' | sha256sum` gives it.
        assert!(
            out.contains("'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8='"),
            "{out}"
        );
        assert!(out.starts_with("<html><head>\n  <meta http-equiv=\"Content-Security-Policy\""));
    }
}
