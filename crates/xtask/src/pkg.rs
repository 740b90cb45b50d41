//! `cargo xtask pkg`: the JavaScript API as an npm-ready package in
//! `crates/billsim-wasm/pkg` (an ES module for browsers and workers, loadable
//! in Node with `initSync` and the wasm bytes).

use std::path::Path;
use std::process::Command;

use crate::install::Env;

const README: &str = r#"# billsim

The billsim engine (contact-center bill simulation) as WebAssembly: the
scenario and result formats v1 as plain objects, errors as `Error`s with
`path` or `line`/`column`. Types are in `billsim_wasm.d.ts`.

```js
import init, { simulate, compare, why, parseSessionsCsv, version } from "billsim";

await init();                                   // browsers and workers
const scenario = await (await fetch("scenario.json")).json();
try {
  const result = simulate(scenario, { asOf: "2027-02-10" });
  for (const inv of result.invoices) console.log(inv.date, inv.total);
  console.log(compare(scenario).models.find((m) => m.cheapest).model);
  for (const e of why(scenario, { cycle: 0 }).attribution)  // who made each quantity
    console.log(e.org, e.billed_peak, e.users.map((u) => u.user));
} catch (e) {
  console.error(e.path ?? `${e.line}:${e.column}`, e.message);
}
```

Many questions of one scenario and a large sessions CSV: a `Session` reads
and prepares them once, and measures each license model once.

```js
import { Session } from "billsim";

const session = new Session(scenario, { sessions: csvBytes }); // a million logins, read once
try {
  const bill = session.simulate();
  const models = session.compare();                 // named and hourly measured once each
  const who = session.why({ cycle: 3, org: "main" });
  const day = session.reportsFor(3);                // daily peaks, user-hours, billable users
  console.log(session.work());                      // { measurements: 3, pricings: 3, ... }
} finally {
  session.free();                                   // the sessions stay in wasm memory until then
}
```

Scenario files can name the format's JSON Schema, shipped here as
`scenario.schema.json`, for completion and checks in an editor:
`{ "$schema": "./node_modules/billsim/scenario.schema.json", "billsim": 1, ... }`.

In Node: `import { initSync } from "billsim"; initSync({ module: fs.readFileSync(new URL("./billsim_wasm_bg.wasm", import.meta.resolve("billsim"))) });`
"#;

pub fn build(root: &Path, env: &Env) -> Result<(), String> {
    let run = |what: &str, cmd: &mut Command| -> Result<(), String> {
        println!("pkg: {what}");
        let st = cmd
            .current_dir(root)
            .env("PATH", &env.path)
            .status()
            .map_err(|e| format!("{what}: {e}"))?;
        if st.success() {
            Ok(())
        } else {
            Err(format!("{what} failed ({st})"))
        }
    };
    run(
        "cargo build billsim-wasm (wasm32, release)",
        Command::new("cargo").args([
            "build",
            "-q",
            "-p",
            "billsim-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--release",
        ]),
    )?;
    let out = root.join("crates/billsim-wasm/pkg");
    run(
        "wasm-bindgen --target web",
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--out-dir"])
            .arg(&out)
            .arg(root.join("target/wasm32-unknown-unknown/release/billsim_wasm.wasm")),
    )?;
    let wasm = out.join("billsim_wasm_bg.wasm");
    run(
        "wasm-opt -Oz",
        Command::new("wasm-opt")
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "-o",
            ])
            .arg(&wasm)
            .arg(&wasm),
    )?;
    let version = billsim_version(root)?;
    let package = format!(
        r#"{{
  "name": "billsim",
  "version": "{version}",
  "description": "Contact-center bill simulation (named, concurrent, hourly licenses) as WebAssembly",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "billsim_wasm.js",
  "module": "billsim_wasm.js",
  "types": "billsim_wasm.d.ts",
  "exports": {{ ".": {{ "types": "./billsim_wasm.d.ts", "default": "./billsim_wasm.js" }}, "./billsim_wasm_bg.wasm": "./billsim_wasm_bg.wasm", "./scenario.schema.json": "./scenario.schema.json" }},
  "files": ["billsim_wasm.js", "billsim_wasm.d.ts", "billsim_wasm_bg.wasm", "billsim_wasm_bg.wasm.d.ts", "scenario.schema.json", "README.md"],
  "sideEffects": false
}}
"#
    );
    std::fs::write(out.join("package.json"), package).map_err(|e| e.to_string())?;
    std::fs::write(out.join("README.md"), README).map_err(|e| e.to_string())?;
    // The scenario format's JSON Schema (tests/schema.rs in billsim-core keeps it current).
    std::fs::copy(
        root.join("scenario.schema.json"),
        out.join("scenario.schema.json"),
    )
    .map_err(|e| format!("scenario.schema.json: {e}"))?;
    let size = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
    println!("pkg: {} ({} KB wasm)", out.display(), size / 1024);
    Ok(())
}

fn billsim_version(root: &Path) -> Result<String, String> {
    let toml = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    toml.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("version = \"")
                .map(|v| v.trim_end_matches('"').to_owned())
        })
        .ok_or_else(|| "no workspace version".into())
}
