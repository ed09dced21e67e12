#!/usr/bin/env python3
"""Side-by-side benchmark: catfetch and the same kinds of downloaders on one loopback nginx origin.

usage: python3 bench/peers.py [--runs N] [--only NAME[,NAME]] [--json FILE] [--project 'CMD' | none]

For each workload, every tool downloads the same cats from the same origin: hyperfine takes the median wall
time of N runs (after one warm-up), one more run under GNU time gives the peak RSS, and every file that
arrived is compared byte for byte with the one the origin serves. Prints two Markdown tables: every tool,
and the summary docs/PERFORMANCE.md shows (catfetch over the fastest and the leanest peer).
--json FILE also writes the raw numbers, with the date, the machine and this command line.

The tools come from `sh bench/setup.sh`; the tokio peer is built here on first use, catfetch is not
(`cargo build --release`, or `just bench-peers`, which does both). See bench/README.md.
"""
import argparse
import datetime
import json
import os
import platform
import random
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOKIO_PEER = HERE / "peers/tokio-reqwest"
PROJECT_LABEL = "catfetch"
PROJECT = (shlex.quote(str(ROOT / "target/release/catfetch"))
           + " --url {url} --count {count} --out {out} --jobs {jobs} --quiet")
FLOOR = "floor: curl, 1 connection, no disk"
# One run of one tool that takes longer than this has hung: it is stopped and its row says so.
RUN_TIMEOUT = 120

# name: (origin path, cats, in flight, floor in seconds, over HTTPS?, what the README's table calls it).
# A latency workload's floor is its latency times the rounds it needs; the others get a measured floor row.
WORKLOADS = {
    "seed10":   ("/cat",    10,   10,  0.200, False, "10 cats, 200 ms latency"),
    "lat1000":  ("/cat50",  1000, 100, 0.500, False, "1000 cats, 50 ms latency, 100 in flight"),
    "many1000": ("/fast",   1000, 100, None,  False, "1000 x 120 KB, 100 in flight"),
    "big16":    ("/bigcat", 16,   16,  None,  False, "16 x 4.3 MB, 16 in flight"),
    "tls10":    ("/cat",    10,   10,  0.200, True,  "10 cats over HTTPS, 200 ms latency"),
    "tls1000":  ("/cat50",  1000, 100, 0.500, True,  "1000 cats over HTTPS, 50 ms latency, 100 in flight"),
}


def png(w, h, seed):
    """A valid PNG of random pixels: it does not compress, so its size on the wire is its size on disk."""
    r = random.Random(seed)
    raw = b"".join(b"\0" + r.randbytes(w * 3) for _ in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def sh(script):
    """A command line that runs `script` in sh; hyperfine (with --shell=none) and GNU time split it back."""
    return "sh -c " + shlex.quote(script)


def tools(project, ca):
    """Each tool as a function from (url, count, out dir, jobs) to one command line.

    The peers other than the lesson ask for `URL?id=N`, so that tools which skip a URL they already fetched
    (wget2) still fetch all N; the origin ignores the query. catfetch and the lesson ask for URL N times.
    """
    q = shlex.quote
    cacert = f" --ca-certificate={q(str(ca))}" if ca else ""  # wget2 (GnuTLS) and aria2c take the CA as a flag
    lesson = f"{q(sys.executable)} {q(str(HERE / 'lesson.py'))}"
    tokio = q(str(TOKIO_PEER / "target/release/tokio-reqwest-peer"))

    def ids(n, fmt):
        return f"$(for i in $(seq 0 {n - 1}); do echo {fmt}; done)"

    t = {
        "python aiohttp (lesson)": lambda u, n, o, j: f"{lesson} {q(u)} {n} {q(o)}",
        "tokio+reqwest": lambda u, n, o, j: f"{tokio} {q(u)} {n} {q(o)} {j}",
        "curl": lambda u, n, o, j: sh(
            f"mkdir -p {q(o)} && cd {q(o)} && curl -sf --parallel --parallel-immediate --parallel-max {j} "
            + ids(n, f"-o $i.png {q(u)}?id=$i")),
        # wget2 runs up to --http2-request-window (default 30) HTTP/2 streams per thread: one per thread
        # keeps it to --max-threads downloads in flight, as every other tool is held to `jobs`.
        "wget2": lambda u, n, o, j: sh(
            f"mkdir -p {q(o)} && cd {q(o)} && wget2 -q{cacert} --max-threads={j} --http2-request-window=1 "
            + ids(n, f"{q(u)}?id=$i")),
        FLOOR: lambda u, n, o, j: sh(f"mkdir -p {q(o)} && curl -sf " + ids(n, f"-o /dev/null {q(u)}?id=$i")),
        "aria2c": lambda u, n, o, j: sh(
            f"for i in $(seq 0 {n - 1}); do echo {q(u)}?id=$i; echo \" out=$i.png\"; done"
            f" | aria2c -q{cacert} -j {j} -x 1 -d {q(o)} -i -"),
    }
    if project != "none":
        exe = shlex.split(project)[0]
        if not Path(exe).exists() and not shutil.which(exe):
            sys.exit(f"project command not found: {exe} (run `cargo build --release`, or pass --project none)")

        def mine(u, n, o, j):
            return project.format(url=q(u), count=n, out=q(o), jobs=j)

        t = {PROJECT_LABEL: mine, **t}
    return t


def make_test_ca(d):
    """A throwaway CA and a certificate it signs for localhost, for the HTTPS workloads; returns the CA file."""
    def ossl(*args):
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=bench CA",
         "-keyout", "ca.key", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "srv.key", "-out", "srv.csr")
    (d / "ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    ossl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
         "-days", "2", "-out", "srv.pem", "-extfile", "ext")
    return d / "ca.pem"


def run(argv, env=None, timeout=None):
    """Runs argv in its own process group; returns (exit code, stdout, stderr), the code None on timeout.

    On a timeout or an interruption the whole group is killed: a hung peer must not outlive its row.
    """
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out, err
    except BaseException as e:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        if isinstance(e, subprocess.TimeoutExpired):
            return None, out, err
        raise


def start_origin(d, port, tls_port):
    # Both ports must be free: otherwise another server could answer in nginx's place (nginx retries a
    # failed bind for seconds before it gives up).
    for p in (port, tls_port):
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", p))
            except OSError as e:
                sys.exit(f"127.0.0.1:{p} is not free ({e.strerror}); --port picks another")
    conf = (HERE / "nginx.conf.in").read_text()
    conf = conf.replace("@DIR@", str(d)).replace("@PORT@", str(port)).replace("@TLSPORT@", str(tls_port))
    (d / "nginx.conf").write_text(conf)
    # -e: the error log from the first line on; nginx's default one may not be writable.
    nginx = subprocess.Popen(["nginx", "-p", str(d), "-e", str(d / "error.log"), "-c", str(d / "nginx.conf")],
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if nginx.poll() is not None:
            log = (d / "error.log").read_text() if (d / "error.log").exists() else ""
            sys.exit(f"nginx stopped (exit {nginx.returncode})\n{log.strip()}")
        try:
            for p in (port, tls_port):
                socket.create_connection(("127.0.0.1", p), timeout=1).close()
            if nginx.poll() is None:
                return nginx
        except OSError:
            time.sleep(0.1)
    nginx.kill()
    sys.exit(f"nginx did not listen on 127.0.0.1:{port} and :{tls_port} within 10 s")


def check_files(out, want, n):
    """'ok' when exactly n visible files arrived and every one is byte for byte the origin's picture."""
    files = [f for f in out.rglob("*") if f.is_file()] if out.exists() else []
    visible = [f for f in files if not f.name.startswith(".")]
    intact = sum(1 for f in visible if f.read_bytes() == want)
    if len(visible) != n or intact != n:
        return f"BAD: {intact} intact of {len(visible)} files, {n} wanted"
    hidden = len(files) - len(visible)
    return "ok" if not hidden else f"ok, {hidden} hidden files left"


def measure(name, cmd, out, runs, env, d):
    """One tool on one workload: a row with hyperfine's times, the peak RSS of one more run and the check."""
    row = {"tool": name, "command": cmd}
    hf = d / "hyperfine.json"
    hf.unlink(missing_ok=True)
    code, _, err = run(["hyperfine", "--shell=none", "--runs", str(runs), "--warmup", "1",
                        "--prepare", f"rm -rf {shlex.quote(str(out))}", "--export-json", str(hf), cmd],
                       env=env, timeout=RUN_TIMEOUT * (runs + 1))
    if code is None:
        row["check"] = "TIMEOUT"
        return row
    if code != 0:
        # hyperfine only says that the command failed: run it once more for its own words.
        code, _, err = run(shlex.split(cmd), env=env, timeout=RUN_TIMEOUT)
        row["check"] = f"FAILED (exit {code}): " + " ".join(err.split())[-200:]
        return row
    r = json.loads(hf.read_text())["results"][0]
    row.update(median_s=r["median"], mean_s=r["mean"], stddev_s=r["stddev"], min_s=r["min"], max_s=r["max"],
               times_s=r["times"])
    shutil.rmtree(out, ignore_errors=True)
    code, _, err = run(["/usr/bin/time", "-f", "%M", *shlex.split(cmd)], env=env, timeout=RUN_TIMEOUT)
    if code == 0:
        row["peak_rss_kib"] = int(err.strip().splitlines()[-1])
    return row


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def secs(s):
    return f"{s:.3f} s"


def summarize(rows):
    """Per workload, catfetch against the fastest and the leanest peer that got every file right."""
    out = []
    for w, (_, _, _, floor, _, what) in WORKLOADS.items():
        good = [r for r in rows if r["workload"] == w and r.get("check", "").startswith("ok")]
        mine = next((r for r in good if r["tool"] == PROJECT_LABEL), None)
        peers = [r for r in good if r["tool"] not in (PROJECT_LABEL, FLOOR)]
        if not mine or not peers:
            continue
        fastest = min(peers, key=lambda r: r["median_s"])
        s = {"workload": w, "what": what, "catfetch_s": mine["median_s"], "fastest_peer": fastest["tool"],
             "fastest_peer_s": fastest["median_s"], "ratio": mine["median_s"] / fastest["median_s"],
             "x_floor": mine["median_s"] / floor if floor else None}
        lean = min((r for r in peers if r.get("peak_rss_kib")), key=lambda r: r["peak_rss_kib"], default=None)
        if lean and mine.get("peak_rss_kib"):
            s.update(catfetch_rss_kib=mine["peak_rss_kib"], leanest_peer=lean["tool"],
                     leanest_peer_rss_kib=lean["peak_rss_kib"],
                     rss_ratio=mine["peak_rss_kib"] / lean["peak_rss_kib"])
        out.append(s)
    return out


def print_tables(rows, summary):
    print("| workload | tool | median | x floor | peak RSS | check |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        med = secs(r["median_s"]) if "median_s" in r else ""
        xf = f"{r['x_floor']:.2f}" if r.get("x_floor") else ""
        rss = mib(r["peak_rss_kib"]) if r.get("peak_rss_kib") else ""
        print(f"| {r['workload']} | {r['tool']} | {med} | {xf} | {rss} | {r.get('check', '')} |")
    if not summary:
        return
    print()
    print(f"| workload | {PROJECT_LABEL} | fastest peer | ratio | x floor "
          f"| peak RSS {PROJECT_LABEL} / leanest peer |")
    print("|---|---|---|---|---|---|")
    for s in summary:
        xf = f"{s['x_floor']:.2f}" if s["x_floor"] else ""
        rss = (f"{mib(s['catfetch_rss_kib'])} / {mib(s['leanest_peer_rss_kib'])} ({s['leanest_peer']})"
               f" = {s['rss_ratio']:.2f}") if "rss_ratio" in s else ""
        print(f"| {s['workload']}: {s['what']} | {secs(s['catfetch_s'])} "
              f"| {s['fastest_peer']} {secs(s['fastest_peer_s'])} | {s['ratio']:.2f} | {xf} | {rss} |")
    worst = max(summary, key=lambda s: s["ratio"])
    print(f"\nworst {PROJECT_LABEL} / fastest-peer ratio: {worst['ratio']:.2f} ({worst['workload']})")


def first_line(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return None


def machine(d):
    """What a reader needs to weigh the numbers: cores, CPU, memory, kernel, the disk the files went to."""
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "loadavg_start": os.getloadavg()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        info["memory_gib"] = round(kib / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    fs = first_line(["findmnt", "-n", "-o", "FSTYPE,OPTIONS", "--target", str(d)])
    info["out_dir_filesystem"] = " ".join(fs.split()) if fs else None
    return info


def versions():
    v = {t: first_line([t, "--version"]) for t in ("hyperfine", "curl", "wget2", "aria2c")}
    v["nginx"] = (run(["nginx", "-v"])[2].strip() or None)
    v["python"] = sys.version.split()[0]
    v["aiohttp"] = first_line([sys.executable, "-c", "import aiohttp; print(aiohttp.__version__)"])
    v["catfetch_commit"] = first_line(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])
    return v


def workload_names(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown workload {', '.join(unknown) or repr(text)}; "
                                         f"choose from {', '.join(WORKLOADS)}")
    return names


def positive(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project", default=PROJECT,
                    help="catfetch's command, with {url} {count} {out} {jobs}; 'none' runs the peers only "
                         "(default: target/release/catfetch of this repository)")
    ap.add_argument("--runs", type=positive, default=5, help="measured runs per tool, after one warm-up (5)")
    ap.add_argument("--only", type=workload_names, metavar="NAME[,NAME]",
                    help=f"run only these workloads: {', '.join(WORKLOADS)}")
    ap.add_argument("--json", metavar="FILE", help="also write the raw numbers, the machine and the date here")
    ap.add_argument("--port", type=positive, default=18431, help="the origin's HTTP port; HTTPS is the next one")
    a = ap.parse_args()
    # A stopped benchmark cleans up like an interrupted one: its tools, nginx and the temp directory.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    check = subprocess.run(["sh", str(HERE / "setup.sh"), "--check"], env={**os.environ, "PYTHON": sys.executable})
    if check.returncode != 0:
        sys.exit(1)
    print("tokio peer: cargo build --release (a few minutes the first time)", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=TOKIO_PEER, check=True)

    d = Path(tempfile.mkdtemp(prefix="catbench."))
    nginx, rows = None, []
    try:
        d.chmod(0o755)  # nginx's workers (user nobody when started as root) read www/
        (d / "www").mkdir()
        (d / "www/cat.png").write_bytes(png(200, 200, 1))
        (d / "www/big.png").write_bytes(png(1200, 1200, 2))
        (d / "tmp").mkdir()
        ca = make_test_ca(d)
        started = datetime.datetime.now(datetime.timezone.utc)
        report = {"date": started.isoformat(timespec="seconds"),
                  "command": shlex.join([sys.executable, *sys.argv]), "project": a.project, "runs": a.runs,
                  "machine": machine(d), "versions": versions()}
        nginx = start_origin(d, a.port, a.port + 1)
        for w, (path, n, j, floor, tls, _) in WORKLOADS.items():
            if a.only and w not in a.only:
                continue
            url = f"https://localhost:{a.port + 1}{path}" if tls else f"http://127.0.0.1:{a.port}{path}"
            # Every tool trusts the test CA: OpenSSL- and rustls-based ones through the environment, the rest
            # by flag (in tools()).
            env = {**os.environ, "SSL_CERT_FILE": str(ca), "CURL_CA_BUNDLE": str(ca)} if tls else None
            want = (d / "www" / ("big.png" if path == "/bigcat" else "cat.png")).read_bytes()
            for name, command in tools(a.project, ca if tls else None).items():
                if name == FLOOR and floor:
                    continue  # a latency workload's floor is known
                print(f"{w}: {name}", file=sys.stderr)
                out = d / "out"
                shutil.rmtree(out, ignore_errors=True)
                row = {"workload": w, **measure(name, command(url, n, str(out), j), out, a.runs, env, d)}
                if "median_s" in row:
                    row["check"] = "(writes nothing)" if name == FLOOR else check_files(out, want, n)
                    if floor:
                        row["x_floor"] = row["median_s"] / floor
                rows.append(row)
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        shutil.rmtree(d, ignore_errors=True)
    summary = summarize(rows)
    print_tables(rows, summary)
    if a.json:
        report["machine"]["loadavg_end"] = os.getloadavg()
        report["seconds"] = round((datetime.datetime.now(datetime.timezone.utc) - started).total_seconds())
        report.update(results=rows, summary=summary)
        Path(a.json).write_text(json.dumps(report, indent=1) + "\n")
    failed = [f"{r['workload']} {r['tool']}" for r in rows if not r["check"].startswith(("ok", "(writes"))]
    if failed:
        sys.exit(f"{len(failed)} of {len(rows)} rows failed: {', '.join(failed)}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)  # the finally blocks have stopped the tools and nginx
        sys.exit(130)
