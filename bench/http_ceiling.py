"""Warm epochs at the HTTP ceiling (part `nginx`): DataGen's warm epoch next to nginx serving the very bytes
DataGen served, as static files, to the same Python reader.

Once, on the main service (the one the uint8 part uses, already warmed up): a fresh registration of the photos,
a uint8 generator (224x224, batch 64), epoch 0 read as the npy stream (cold; recorded), then every batch of
epoch 1 (warm) fetched as npz and as the npy stream and saved as it came, under
bench/out/static/api/generators/<id>/epochs/1/batches/<i>.npz and .npy. nginx (Debian's nginx-light) then
serves that folder from a config of its own (Nginx below): it answers the request DataGen answers,
`GET /api/generators/<id>/epochs/1/batches/<i>` with `Accept: application/x-npz` or `application/x-npy`, with
the file of that suffix (a `map` of the Accept header, `try_files`), Content-Type as DataGen's. The bytes it
serves are checked against DataGen's (sha256 of the whole epoch, each format) before the rounds.

Each round, in both formats, W times (--warm-epochs; in odd rounds DataGen first, in even rounds nginx first):
a warm DataGen epoch and the saved epoch from nginx, each read by reader.Reader (the same code, a new keep-alive connection each
epoch, the same requests: only the base URL differs). Before each epoch the service is left to finish its
background work (quiesce), and each timed DataGen epoch is one the prefetcher has not started: the reads
skip an epoch number (the prefetcher builds the first batches of the epoch after the one just read). CPU
time of the service, of nginx (master and workers, from /proc) and of the reader (this process) is taken
around each epoch.

HttpCeilingSection is the report's section and target lines, mixed into report.Report.
"""
import grp
import hashlib
import http.client
import os
import pwd
import shutil
import subprocess
import time
import urllib.parse

import common
from common import OUT, log
from reader import Reader
from tables import fmt

PART = "nginx"
NGINX = os.environ.get("BENCH_NGINX") or "/usr/sbin/nginx"
FORMATS = ("npz", "npy")
# the rows: ceiling-<datagen|nginx>-<format>
LABELS = {"ceiling-datagen-npz": "DataGen, npz (numpy.load)",
          "ceiling-nginx-npz": "nginx serving DataGen's npz bytes (same reader)",
          "ceiling-datagen-npy": "DataGen, npy stream (as the client reads)",
          "ceiling-nginx-npy": "nginx serving the npy stream bytes (same reader)"}
CONFIG = """# nginx for the benchmark's part `nginx` (bench/http_ceiling.py): DataGen's saved batches as static files
daemon off;
master_process on;
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
events {{
    worker_connections 64;
}}
http {{
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 600s;
    # Content-Type as DataGen sends it
    types {{
        application/x-npz npz;
        application/x-npy npy;
    }}
    default_type application/octet-stream;
    # the format a reader asks for (its Accept header, as DataGen reads it) is the file's suffix
    map $http_accept $batch_suffix {{
        default "";
        "application/x-npz" ".npz";
        "application/x-npy" ".npy";
    }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location /api/generators/ {{
            try_files $uri$batch_suffix =406;
        }}
        # the benchmark's readiness probe
        location = /ping {{
            return 204;
        }}
    }}
}}
"""


class Nginx:
    """nginx as a child process (no daemon, a master and 2 workers) on a loopback port, serving `root`, with its
    config, pid file, error log and temp folders under `folder`; stop() (or the exit of this process) ends it."""

    def __init__(self, folder, root, port):
        if not os.access(NGINX, os.X_OK):
            raise RuntimeError("%s is missing: the nginx part needs Debian's nginx-light (apt-get install "
                               "nginx-light), or BENCH_NGINX=path" % NGINX)
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(os.path.join(folder, "tmp"))
        self.port = common.free_port(port)
        self.url = "http://127.0.0.1:%d" % self.port
        # run as root (as here), nginx would hand the workers to `nobody`; they stay with our user instead
        user = ""
        if os.geteuid() == 0:
            user = "user %s %s;" % (pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name)
        self.conf = os.path.join(folder, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(CONFIG.format(folder=folder, root=root, port=self.port, user=user))
        self.cmd = [NGINX, "-p", folder, "-c", self.conf, "-e", os.path.join(folder, "error.log")]
        self.log_path = os.path.join(folder, "nginx.out")
        self.proc = None
        self.logf = None
        self.workers = []

    def start(self, timeout=30):
        log("starting nginx:", " ".join(self.cmd))
        self.logf = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.cmd, stdout=self.logf, stderr=subprocess.STDOUT, start_new_session=True)
        common._STARTED.append(self)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited with %s; see %s and %s/error.log" % (
                    self.proc.returncode, self.log_path, self.folder))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/ping")
                c.getresponse().read()
                c.close()
                self.workers = children(self.proc.pid)
                if len(self.workers) >= 2:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("nginx did not start in %ds; see %s" % (timeout, self.log_path))

    @property
    def pid(self):
        return self.proc.pid

    def pids(self):
        return [self.proc.pid] + self.workers

    def cpu_seconds(self):
        """CPU time of the master and its workers."""
        return sum(common.proc_cpu(p) for p in self.pids())

    def errors(self):
        try:
            with open(os.path.join(self.folder, "error.log"), errors="replace") as f:
                return [line.rstrip() for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: the master stops its workers and exits
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in common._STARTED:
            common._STARTED.remove(self)
        if self.logf:
            self.logf.close()
            self.logf = None


def children(pid):
    """The pids of a process's children (from /proc/*/stat)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry))
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return out


def response_head(url, path, fmt):
    """Status and framing headers of one batch request, as the reader sends it."""
    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    try:
        c.request("GET", path, headers={"Accept": "application/x-" + fmt})
        r = c.getresponse()
        r.read()
        return {"status": r.status, "content_type": r.getheader("Content-Type"),
                "content_length": r.getheader("Content-Length"), "transfer_encoding": r.getheader("Transfer-Encoding")}
    finally:
        c.close()


class HttpCeiling:
    """The part on the main service: set up on its first round, its rounds in the rotation, finish() at the end."""

    SAVED_EPOCH = 1

    def __init__(self, bench):
        self.bench = bench
        self.svc = None
        self.nginx = None
        self.name = None
        self.gen = None
        self.next_epoch = None
        self.static = os.path.join(OUT, "static")
        self.info = {}  # in the results' extras once the part has run

    def round(self, svc, rnd):
        if self.gen is None:
            self.setup(svc)
        pair = ("datagen", "nginx") if rnd % 2 else ("nginx", "datagen")
        order = [(who, fmt) for fmt in FORMATS for _ in range(self.bench.a.warm_epochs) for who in pair]
        for who, fmt in order:
            common.quiesce(svc.pid)  # the service's background work (prefetch) done before any epoch starts
            if who == "datagen":
                self.datagen_epoch(rnd, fmt)
            else:
                self.nginx_epoch(rnd, fmt)

    def setup(self, svc):
        b = self.bench
        self.svc = svc
        b.extras[PART] = self.info
        self.name = "bench-ceiling-%d" % (int(time.time() * 1000) % 100000)
        t0 = time.perf_counter()
        svc.register(self.name, b.photos, *b.lists)
        reg = time.perf_counter() - t0
        self.gen = svc.generator(self.name, "uint8", 900)
        batches = self.gen["batchesPerEpoch"]
        # epoch 0: every image decoded into the cache (recorded, not a target)
        reader = Reader(svc.url, "npy")
        try:
            res, extra, load, _ = b.datagen_epoch(svc, reader, self.gen["id"], 0, batches, ("uint8", 255))
        finally:
            reader.close()
        extra["register_seconds"] = reg
        b.record("ceiling-datagen-npy", "cold", 0, res, extra, load)
        # a warm epoch's bytes, as DataGen served them, at the request's path with the format as suffix
        shutil.rmtree(self.static, ignore_errors=True)
        folder = os.path.join(self.static, "api", "generators", self.gen["id"], "epochs", str(self.SAVED_EPOCH),
                              "batches")
        os.makedirs(folder)
        for fmt in FORMATS:
            common.quiesce(svc.pid)
            digest, nbytes = hashlib.sha256(), 0
            reader = Reader(svc.url, fmt)
            try:
                for i in range(batches):
                    body = bytes(reader.batch(self.gen["id"], self.SAVED_EPOCH, i))
                    with open(os.path.join(folder, "%d.%s" % (i, fmt)), "wb") as f:
                        f.write(body)
                    digest.update(body)
                    nbytes += len(body)
            finally:
                reader.close()
            self.info[fmt] = {"sha256_datagen": digest.hexdigest(), "bytes": nbytes, "batches": batches}
        log("nginx: saved epoch %d of generator %s as npz (%.1f MB) and npy (%.1f MB) under %s" % (
            self.SAVED_EPOCH, self.gen["id"], self.info["npz"]["bytes"] / 1e6, self.info["npy"]["bytes"] / 1e6,
            self.static))
        self.next_epoch = self.SAVED_EPOCH + 2  # skip one: the prefetcher began the one after the epoch just read
        self.nginx = Nginx(os.path.join(OUT, "run", "nginx"), self.static, b.a.port + 200)
        self.nginx.start()
        b.load.extra_pids = b.load.extra_pids + self.nginx.pids()
        b.commands["nginx"] = "%s  # %s:\n%s" % (" ".join(self.nginx.cmd), self.nginx.conf, open(self.nginx.conf).read().strip())
        self.verify(batches)

    def verify(self, batches):
        """nginx's bytes are DataGen's (sha256 of the whole epoch, read by the reader as in the rounds); and the
        status and framing headers of both."""
        path = "/api/generators/%s/epochs/%d/batches/0" % (self.gen["id"], self.SAVED_EPOCH)
        for fmt in FORMATS:
            digest = hashlib.sha256()
            reader = Reader(self.nginx.url, fmt)
            try:
                for i in range(batches):
                    digest.update(reader.batch(self.gen["id"], self.SAVED_EPOCH, i))
            finally:
                reader.close()
            x = self.info[fmt]
            x["sha256_nginx"] = digest.hexdigest()
            x["same_bytes"] = x["sha256_nginx"] == x["sha256_datagen"]
            x["head_datagen"] = response_head(self.svc.url, path, fmt)
            x["head_nginx"] = response_head(self.nginx.url, path, fmt)
            log("nginx: %s epoch sha256 %s DataGen's; Content-Type %s (DataGen %s)" % (
                fmt, "equals" if x["same_bytes"] else "**DIFFERS FROM**", x["head_nginx"]["content_type"],
                x["head_datagen"]["content_type"]))

    def datagen_epoch(self, rnd, fmt):
        b, svc = self.bench, self.svc
        epoch = self.next_epoch
        self.next_epoch += 2
        reader = Reader(svc.url, fmt)
        try:
            res, extra, load, _ = b.datagen_epoch(svc, reader, self.gen["id"], epoch, self.gen["batchesPerEpoch"],
                                                  ("uint8", 255))
        finally:
            reader.close()
        extra["epoch"] = epoch
        b.record("ceiling-datagen-" + fmt, "warm", rnd, res, extra, load)

    def nginx_epoch(self, rnd, fmt):
        b = self.bench
        reader = Reader(self.nginx.url, fmt)
        try:
            cpu0, own0 = self.nginx.cpu_seconds(), os.times()
            res, load = b.timed(lambda: reader.epoch(self.gen["id"], self.SAVED_EPOCH, self.gen["batchesPerEpoch"],
                                                     expect=("uint8", 255)))
            cpu1, own1 = self.nginx.cpu_seconds(), os.times()
        finally:
            reader.close()
        own = own1.user + own1.system - own0.user - own0.system
        b.record("ceiling-nginx-" + fmt, "warm", rnd, res, {
            "nginx_cpu_ms": 1000 * (cpu1 - cpu0) / res["images"], "nginx_cores": (cpu1 - cpu0) / res["seconds"],
            "reader_cpu_ms": 1000 * own / res["images"], "reader_cores": own / res["seconds"],
            "reader_load_share": res["load_seconds"] / res["seconds"]}, load)

    def finish(self):
        """Stops nginx, removes the saved bytes and the dataset."""
        b = self.bench
        if self.nginx is not None:
            self.info["nginx_errors"] = self.nginx.errors()[:5]
            b.load.extra_pids = [p for p in b.load.extra_pids if p not in self.nginx.pids()]
            self.nginx.stop()
        shutil.rmtree(self.static, ignore_errors=True)
        if self.name and self.svc is not None and self.svc.proc.poll() is None:
            try:
                self.svc.delete(self.name)
            except Exception as e:  # noqa: BLE001 - clean-up
                log("nginx: deleting %s: %s" % (self.name, e))


class HttpCeilingSection:
    """The report's section on the part (uses report.Report's med, n, load_cell)."""

    def http_ceiling_table(self, w):
        if not self.n("ceiling-nginx-npy", "warm") and not self.n("ceiling-nginx-npz", "warm"):
            return
        x = self.b.extras.get(PART, {})
        w("## Warm epochs at the HTTP ceiling: nginx serving DataGen's bytes (`nginx`)\n")
        w("One generator on the warmed-up service (uint8, 224x224, batch 64, %d photos): epoch 0 read once (cold), "
          "then every batch of epoch 1 fetched as npz and as the npy stream and saved as it came. nginx 1.22 "
          "(Debian's nginx-light: `daemon off; master_process on; worker_processes 2; sendfile on; tcp_nopush on; "
          "keepalive_requests 100000; access_log off;`) serves those files at the same paths, picking the file by "
          "the request's `Accept` header (`map $http_accept`, `try_files`), Content-Type `application/x-npz` / "
          "`application/x-npy` as DataGen's. Each round reads, in each format, %d time(s) a warm DataGen epoch and "
          "the saved epoch from nginx with the same reader (`reader.py`: one keep-alive `http.client` connection per epoch, "
          "the same requests; npz opened with `numpy.load`, the npy stream viewed in one buffer), alternating which "
          "server goes first. Before each epoch the service finishes its background work, and each DataGen epoch "
          "is one its prefetcher had not started. CPU ms per image: the server's (DataGen's JVM; nginx's master and "
          "workers) and the reader's (this Python process); \"reader parsing\": the share of the epoch spent in "
          "`numpy.load` or viewing the arrays, after the bytes arrived.\n" % (self.b.a.images, self.b.a.warm_epochs))
        w("| server, format | cold img/s | warm img/s | warm MB/s | server CPU ms/img | reader CPU ms/img (cores) "
          "| reader parsing | other load | runs |")
        w("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for part, label in LABELS.items():
            if not self.n(part, "warm"):
                continue
            server = self.med(part, "warm", "service_cpu_ms" if "datagen" in part else "nginx_cpu_ms")
            w("| %s | %s | %s | %s | %s | %s (%s) | %s | %s | %d |" % (
                label, fmt(self.med(part, "cold")) if self.n(part, "cold") else "",
                fmt(self.med(part, "warm")), fmt(self.med(part, "warm", "mbps")), fmt(server, 2),
                fmt(self.med(part, "warm", "reader_cpu_ms"), 2), fmt(self.med(part, "warm", "reader_cores"), 2),
                "%.0f%%" % (100 * self.med(part, "warm", "reader_load_share")), self.load_cell(part),
                self.n(part, "warm")))
        w("")
        notes = []
        for f in FORMATS:
            v = x.get(f)
            if not v or "head_nginx" not in v:
                continue
            hd, hn = v["head_datagen"], v["head_nginx"]

            def framing(h):
                return "Content-Length" if h.get("content_length") else "chunked" if h.get("transfer_encoding") else "?"
            notes.append("%s: %.1f MB an epoch, sha256 %s (%s...); Content-Type DataGen `%s`, nginx `%s`; framing "
                         "DataGen %s, nginx %s" % (
                             f, v["bytes"] / 1e6, "**different**" if not v.get("same_bytes") else "the same from both",
                             v["sha256_nginx"][:12], hd["content_type"], hn["content_type"], framing(hd), framing(hn)))
        if notes:
            w("Same bytes: %s.\n" % "; ".join(notes))
        if any(x.get(f, {}).get("head_datagen", {}).get("transfer_encoding") and
               x.get(f, {}).get("head_nginx", {}).get("content_length") for f in FORMATS):
            w("DataGen sends the npz without a length (chunked), nginx with one: the reader is the same code, but "
              "for a chunked body it takes `http.client`'s `read()` (chunk by chunk, then joined) where a known "
              "length is read into one reused buffer; that difference is part of what the ratio measures.\n")
        self.cache_check(w, ("ceiling-datagen-npz", "ceiling-datagen-npy"), self.b.a.images)
        errors = x.get("nginx_errors")
        if errors:
            w("nginx's error log (first lines):\n\n```\n%s\n```\n" % "\n".join(line[:300] for line in errors))

    def http_ceiling_targets(self):
        t = []
        for f, label in (("npz", "npz"), ("npy", "npy stream")):
            dg, ng = self.med("ceiling-datagen-" + f, "warm"), self.med("ceiling-nginx-" + f, "warm")
            name = "DataGen warm %s epoch / nginx serving the same bytes (same reader)" % label
            if not (dg and ng):
                continue
            if self.b.extras.get(PART, {}).get(f, {}).get("same_bytes") is False:
                t.append((name, None, 0.8, "nginx served other bytes than DataGen (sha256): no comparison"))
            else:
                t.append((name, dg / ng, 0.8))
        return t
