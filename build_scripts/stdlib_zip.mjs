// Node helper of build_scripts/stdlib_zip.py: runs the engine in Pyodide (the pinned npm package,
// offline) exactly as the browser worker does, records which standard-library modules Python
// imports, and can compile a chosen part of the standard library to sourceless .pyc with this
// same interpreter.
//
//   node build_scripts/stdlib_zip.mjs JOB.json      (prints one JSON object on stdout)
//
// JOB = {indexURL, stdlib?, wheel, rules, requests: [request...], extra_imports?: [module...],
//        compile?: {keep: [entry...], output}}
// Result = {boot_modules, imported, loaded, extra_failed, summary, answers: [text...], compiled?: n}
// - boot_modules: zip entries of the modules loaded by Pyodide's own bootstrap;
// - imported: every module name an import statement asked for after the bootstrap (found or not);
// - loaded: zip entries of every module loaded at the end; extra_failed: extra imports that failed.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const job = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const options = {
  indexURL: job.indexURL,
  // A fixed hash seed makes the marshalled frozensets, hence the zip and its content hash, reproducible.
  env: { PYTHONHASHSEED: "0" },
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
};
if (job.stdlib) options.stdLibURL = job.stdlib;
const pyodide = await loadPyodide(options);

const ZIP_MODULES = `
def _zip_modules():
    import sys
    prefix = "/lib/python314.zip/"
    found = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(prefix):
            found.add(path[len(prefix):].removesuffix("c"))  # x.pyc when booted from a compiled zip
    return sorted(found)
`;
pyodide.runPython(ZIP_MODULES);
const bootModules = pyodide.globals.get("_zip_modules")().toJs();

// Every import asked for from now on, including the ones that fail (an optional module that the
// trimmed zip lacks would otherwise change behaviour silently).
pyodide.runPython(`
import sys
_imported = set()
def _audit(event, args):
    if event == "import":
        _imported.add(args[0])
sys.addaudithook(_audit)
`);

// The engine, as engine-worker.js loads it.
pyodide.unpackArchive(new Uint8Array(readFileSync(job.wheel)), "wheel");
const browserEngine = pyodide.pyimport("engine.browser").start(readFileSync(job.rules, "utf-8"));
const summary = browserEngine.summary();
const answers = job.requests.map((request) => browserEngine.answer(JSON.stringify(request)));
// Error paths too: a malformed request, and a Python exception crossing into JavaScript
// (Pyodide formats it with traceback).
answers.push(browserEngine.answer("{"));
try {
  pyodide.runPython("raise ValueError('essai')");
} catch (error) {
  if (!String(error.message).includes("ValueError: essai")) throw error;
}

// Then every module the browser-loaded engine names in an import statement (even inside a
// function the examples do not reach), and the safety margin of the keep list: imported too,
// so that their own dependencies are recorded.
pyodide.globals.set("extra", pyodide.toPy(job.extra_imports || []));
const extraFailed = pyodide.runPython(`
def _more_imports(extra):
    import ast, importlib, sys
    wanted = {(name, ()) for name in extra}
    for name, module in list(sys.modules.items()):
        if name == "engine" or name.startswith("engine."):
            with open(module.__file__, encoding="utf-8") as handle:
                tree = ast.parse(handle.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    wanted.update((alias.name, ()) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    wanted.add((node.module, tuple(alias.name for alias in node.names)))
    failed = []
    for name, fromlist in sorted(wanted):
        try:
            __import__(name, fromlist=fromlist)
        except ImportError:
            failed.append(name)
    return failed

_more_imports(extra)
`).toJs();

const result = {
  extra_failed: extraFailed,
  boot_modules: bootModules,
  imported: pyodide.runPython("sorted(_imported)").toJs(),
  loaded: pyodide.globals.get("_zip_modules")().toJs(),
  summary,
  answers,
};

if (job.compile) {
  pyodide.globals.set("keep", pyodide.toPy(job.compile.keep));
  result.compiled = pyodide.runPython(`
import importlib.util, marshal, zipfile

def _compiled_zip(keep, source="/lib/python314.zip", output="/tmp/stdlib.zip"):
    """Sourceless .pyc of the kept entries, compiled under the name they have at run time."""
    header = importlib.util.MAGIC_NUMBER + bytes(12)  # flags 0, then no timestamp nor size
    written = 0
    with zipfile.ZipFile(source) as full, zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as out:
        names = set(full.namelist())
        wanted = set()
        for entry in keep:
            parts = entry.split("/")
            wanted.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))  # parent folders
            wanted.add(entry)
        missing = sorted(wanted - names)
        if missing:
            raise ValueError("absent de python_stdlib.zip : " + ", ".join(missing))
        for name in sorted(wanted):
            data = full.read(name)
            if name.endswith(".py"):
                code = compile(data, "/lib/python314.zip/" + name, "exec", dont_inherit=True)
                name, data = name + "c", header + marshal.dumps(code)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # the host's brotli/gzip compresses the whole file
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o644 << 16
            out.writestr(info, data)
            written += 1
    return written

_compiled_zip(keep)
`);
  writeFileSync(job.compile.output, pyodide.FS.readFile("/tmp/stdlib.zip"));
}

process.stdout.write(JSON.stringify(result));
