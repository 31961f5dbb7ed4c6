"""How long the editor waits for a typo's diagnostic: `boussole lsp` over
stdio, a project opened, then edits that alternately put a typo into a
metric and take it out; each edit's time from `didChange` sent to the
`publishDiagnostics` that reflects it (the server's 150 ms quiet moment
included).

    cargo build --release
    python3 bench/lsp_latency.py target/release/boussole            # this repo's specs and examples
    python3 bench/gen_spec.py 1000 target/bench/lsp-1k
    python3 bench/lsp_latency.py target/release/boussole target/bench/lsp-1k

Prints the project's size and the median and worst latency over 20 edits.
A plain JSON-RPC client (no dependency), so that what is timed is the
server.
"""
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length))


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="boussole-lsp-bench-") as tmp:
        root = pathlib.Path(tmp)
        if len(sys.argv) > 2:
            shutil.copytree(sys.argv[2], root, dirs_exist_ok=True)
        else:
            repo = pathlib.Path(__file__).resolve().parent.parent
            shutil.copytree(repo / "specs", root / "specs")
            shutil.copytree(repo / "examples", root / "examples")
        files = sorted(root.rglob("*.kpi.yaml")) + sorted(root.rglob("*.kpi-test.yaml"))
        lines = sum(len(f.read_text().splitlines()) for f in files)
        # the file edited: the largest spec file, its first metric line
        target = max(sorted(root.rglob("*.kpi.yaml")), key=lambda f: f.stat().st_size)
        text = target.read_text()
        metric = next(l for l in text.splitlines() if l.lstrip().startswith("- ") and " = " in l)
        name = metric.split(" = ", 1)[1].split()[0].strip("()")
        typo = text.replace(metric, metric.replace(name, name + "x", 1), 1)
        uri = target.as_uri()
        server = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        send = lambda m: (server.stdin.write(frame(m)), server.stdin.flush())
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": None, "capabilities": {},
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}]}})
        while "id" not in read(server.stdout):
            pass
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})

        def wait(version):
            while True:
                m = read(server.stdout)
                p = m.get("params", {})
                if m.get("method") == "textDocument/publishDiagnostics" \
                        and p.get("uri") == uri and p.get("version") == version:
                    return p["diagnostics"]

        wait(1)
        times = []
        for version in range(2, 22):
            broken = version % 2 == 0
            start = time.perf_counter()
            send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": typo if broken else text}]}})
            diags = wait(version)
            times.append(time.perf_counter() - start)
            found = any(d["code"] == "undefined-metric" for d in diags)
            if found != broken:
                raise SystemExit(f"version {version}: the typo's diagnostic {'missing' if broken else 'left'}")
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        send({"jsonrpc": "2.0", "method": "exit", "params": None})
        server.wait(timeout=10)
        print(f"{len(files)} files, {lines} lines; edited {target.relative_to(root)} "
              f"(`{name}` → `{name}x`)")
        print(f"typo to diagnostic over {len(times)} edits: median "
              f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
              f"(150 ms of it the server's quiet moment)")


main()
