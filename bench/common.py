"""Shared pieces of the benchmark and the profiler: the photo dataset, the service process, its REST API,
/proc readings (resident memory, CPU time, machine load)."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
OUT = os.environ.get("BENCH_OUT") or os.path.join(HERE, "out")
# the service jar: DATAGEN_JAR (common.sh sets it, to the project's build unless told otherwise) or the build
BUILT_JAR = os.path.join(PROJECT, "target", "datagen-0.1.0-SNAPSHOT.jar")
JAR = os.environ.get("DATAGEN_JAR") or BUILT_JAR
# BENCH_FAT_JAR=1: start the services from the jar as it is rather than from its extracted layout (launchable())
FAT_JAR = os.environ.get("BENCH_FAT_JAR", "") not in ("", "0")
SPEC = {"inputs": {"image": {"size": [224, 224], "color": "rgb"}}}
HZ = os.sysconf("SC_CLK_TCK")
# the java that runs the service (every Service): BENCH_JAVA, e.g. a JDK 25's bin/java, else the PATH's
JAVA = os.environ.get("BENCH_JAVA") or "java"


def jdk_tool(name):
    """A JDK tool (jcmd, ...) from the same JDK as JAVA when it is there, else the PATH's: jcmd attaches best
    to a JVM of its own version."""
    path = os.path.join(os.path.dirname(os.path.realpath(shutil.which(JAVA) or JAVA)), name)
    return path if os.access(path, os.X_OK) else name


def launchable(jar):
    """What the services start from: the jar's extracted layout (`java -Djarmode=tools -jar JAR extract`: a small
    jar whose manifest lists the libraries as plain files beside it), made once per build of the jar under
    OUT/app/. That is how docs/configuration.md says to deploy the service and how `./mvnw spring-boot:run` runs it
    (plain jars on the class path): started as it is, the jar's nested-jar class loader made JavaCPP's library
    lookups at start-up allocate 1.7 GB and start-up take 6.8 s instead of 4 s (docs/benchmark.md)."""
    if FAT_JAR:
        return jar
    st = os.stat(jar)
    name = os.path.splitext(os.path.basename(jar))[0]
    folder = os.path.join(OUT, "app", "%s-%d-%d" % (name, st.st_size, int(st.st_mtime)))
    thin = os.path.join(folder, name + ".jar")
    if not os.path.isfile(thin):
        apps = os.path.join(OUT, "app")
        for old in os.listdir(apps) if os.path.isdir(apps) else []:
            if old.startswith(name + "-"):  # an earlier build's of the same jar
                shutil.rmtree(os.path.join(apps, old), ignore_errors=True)
        log("extracting %s to %s" % (jar, folder))
        shutil.rmtree(folder + ".part", ignore_errors=True)
        subprocess.run([JAVA, "-Djarmode=tools", "-jar", jar, "extract", "--destination", folder + ".part"],
                       check=True, capture_output=True)
        os.rename(folder + ".part", folder)
    return thin


def java_version(java=None):
    """The first line of `java -version` of JAVA (or `java`)."""
    try:
        p = subprocess.run([java or JAVA, "-version"], capture_output=True, text=True, timeout=60)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except Exception as e:  # noqa: BLE001
        return "? (%s)" % e


def log(*parts):
    print("[bench %s]" % time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the dataset

def materialize_photos(n):
    """bench/out/photos holds at least n JPEGs (photos.py output is prefix-stable: its first n images do not
    depend on how many it makes), made once and reused."""
    root = os.path.join(OUT, "photos")
    marker = os.path.join(root, ".complete")
    have = int(open(marker).read()) if os.path.exists(marker) else 0
    if have < n:
        script = os.path.join(PROJECT, "fixtures", "photos.py")
        log("materializing %d photos with %s (once; cached in %s)" % (n, script, root))
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["/usr/bin/python3", script, root, str(n)], check=True, stdout=subprocess.DEVNULL)
        with open(marker, "w") as f:
            f.write(str(n))
    return root


def materialize_large(n):
    """bench/out/large holds at least n 12 MP JPEGs (large_photos.py, prefix-stable like photos.py), made once."""
    root = os.path.join(OUT, "large")
    marker = os.path.join(root, ".complete")
    have = int(open(marker).read()) if os.path.exists(marker) else 0
    if have < n:
        script = os.path.join(HERE, "large_photos.py")
        log("materializing %d 12 MP photos with %s (once; cached in %s)" % (n, script, root))
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["/usr/bin/python3", script, root, str(n)], check=True, stdout=subprocess.DEVNULL)
        with open(marker, "w") as f:
            f.write(str(n))
    return root


def lists_for(root, n):
    """List files of the first n samples (data, label) of a photo folder, written under bench/out/lists."""
    out = []
    tag = "" if os.path.basename(root) == "photos" else os.path.basename(root) + "-"
    for kind in ("data", "label"):
        path = os.path.join(OUT, "lists", "%strain-%s-%d.txt" % (tag, kind, n))
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(os.path.join(root, "train-%s.txt" % kind)) as src:
                lines = [next(src) for _ in range(n)]
            with open(path + ".tmp", "w") as dst:
                dst.writelines(lines)
            os.replace(path + ".tmp", path)
        out.append(path)
    return tuple(out)


# ---------------------------------------------------------------- the service

def free_port(preferred):
    for port in (preferred, 0):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Tomcat binds: TIME_WAIT does not count
        try:
            s.bind(("127.0.0.1", port))
            return s.getsockname()[1]
        except OSError:
            log("port %d is taken; using a free one" % port)
        finally:
            s.close()


class PortTaken(RuntimeError):
    pass


class Service:
    """The packaged service on a loopback port with its own fresh storage folder, which stop() (or the exit
    of this process) removes again."""

    def __init__(self, storage, data_root, port, jvm_flags, extra_args=()):
        self.storage = storage
        shutil.rmtree(storage, ignore_errors=True)
        os.makedirs(storage)
        self.port = free_port(port)
        self.url = "http://127.0.0.1:%d" % self.port
        self.jvm_flags = list(jvm_flags)
        self.cmd = ([JAVA] + list(jvm_flags) + ["-jar", launchable(JAR), "--server.port=%d" % self.port,
                    "--datagen.storage-dir=%s" % storage, "--datagen.data-roots=%s" % data_root,
                    "--logging.level.root=warn"] + list(extra_args))
        self.log_path = storage.rstrip("/") + ".log"
        self.proc = None
        self.logf = None
        self.http = requests.Session()
        self.up_seconds = None  # from the process's start to the first health 200 (UP)

    def start(self, timeout=300, poll=0.5):
        """poll: seconds between health checks (up_seconds is that precise)."""
        try:
            return self._start(timeout, poll)
        except PortTaken as e:
            # another process bound the port between free_port() and the service's start (a shared machine)
            log("%s; starting it on another port" % e)
            self.stop()
            os.makedirs(self.storage)
            self.port = free_port(0)
            self.url = "http://127.0.0.1:%d" % self.port
            self.cmd = ["--server.port=%d" % self.port if arg.startswith("--server.port=") else arg for arg in self.cmd]
            return self._start(timeout, poll)
        except RuntimeError as e:
            rc = self.proc.returncode
            if rc is None or 0 <= rc < 128:
                raise
            # killed by a signal while starting: on a shared machine someone else's clean-up may do that
            log("%s; starting it once more" % e)
            self.stop()
            return self._start(timeout, poll)

    def _start(self, timeout, poll):
        log("starting service:", " ".join(self.cmd))
        self.logf = open(self.log_path, "w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdout=self.logf, stderr=subprocess.STDOUT, start_new_session=True)
        _STARTED.append(self)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("service exited with %s; see %s" % (self.proc.returncode, self.log_path))
            try:
                r = self.http.get(self.url + "/actuator/health", timeout=2)
            except requests.RequestException:
                r = None
            if r is not None and r.status_code == 200:
                self.up_seconds = time.perf_counter() - t0
                # whose health it is: the storage folder it names must be ours
                path = r.json().get("components", {}).get("storage", {}).get("details", {}).get("path")
                if path and os.path.realpath(path) != os.path.realpath(self.storage):
                    raise PortTaken("port %d answers for another service (storage %s)" % (self.port, path))
                return self
            time.sleep(poll)
        raise RuntimeError("service did not start in %ds; see %s" % (timeout, self.log_path))

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _STARTED:
            _STARTED.remove(self)
        if self.logf:
            self.logf.close()
        # the registry and the decoded-sample cache (GBs at 20,000 images); the log stays next to it
        shutil.rmtree(self.storage, ignore_errors=True)

    # REST

    def _check(self, r, what):
        if r.status_code >= 300:
            raise RuntimeError("%s -> %d: %s" % (what, r.status_code, r.text[:1000]))
        return r

    def register(self, name, base, data_list, label_list):
        with open(data_list, "rb") as d, open(label_list, "rb") as l:
            r = self.http.post(self.url + "/api/datasets", data={"name": name, "baseDir": base, "spec": json.dumps(SPEC)},
                               files={"train-data": d, "train-label": l}, timeout=3600)
        return self._check(r, "register " + name).json()

    def delete(self, name):
        self._check(self.http.delete(self.url + "/api/datasets/" + name, timeout=120), "delete " + name)

    def generator(self, dataset, dtype, seed, shards=1, batch=64, settings=None):
        """settings: more generator fields (crop, augment, normalize, ...), overriding the defaults here."""
        body = {"split": "train", "batchSize": batch, "seed": seed, "dtype": dtype, "numShards": shards}
        if dtype == "float32":
            body["rescale"] = 1 / 255
        body.update(settings or {})
        r = self.http.post(self.url + "/api/datasets/%s/generators" % dataset, json=body, timeout=60)
        return self._check(r, "generator").json()

    def metric(self, name):
        """A meter's statistics (COUNT, TOTAL_TIME, ...) as Actuator sums them over all tags; {} if not yet registered."""
        r = self.http.get(self.url + "/actuator/metrics/" + name, timeout=30)
        if r.status_code == 404:
            return {}
        return {m["statistic"]: m["value"] for m in self._check(r, name).json()["measurements"]}

    def counters(self):
        """Cache hits/misses and in-service decode count/time, to check what an epoch really did."""
        decode = self.metric("datagen.decode")
        return {"hits": self.metric("datagen.cache.hits").get("COUNT", 0.0),
                "misses": self.metric("datagen.cache.misses").get("COUNT", 0.0),
                "decodes": decode.get("COUNT", 0.0), "decode_seconds": decode.get("TOTAL_TIME", 0.0)}

    def cpu_seconds(self):
        return proc_cpu(self.pid)


    def log_problems(self, limit=5):
        """(count, first few, count from the start-up thread) of the WARN and ERROR lines in the service's log
        so far (it logs at warn): the ones from its `main` thread (start-up) are only counted."""
        return log_problems(self.log_path, limit)


def max_heap(svc):
    """The largest heap the service's JVM may grow to, in bytes: MaxHeapSize from `jcmd PID VM.flags` (-Xmx, or
    the JVM's default), else the `jvm.memory.max` metric of the heap pools."""
    try:
        p = subprocess.run([jdk_tool("jcmd"), str(svc.pid), "VM.flags"], capture_output=True, text=True, timeout=120)
        for flag in p.stdout.split():
            if flag.startswith("-XX:MaxHeapSize="):
                return int(flag.split("=", 1)[1])
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    # G1's eden and survivor pools have no maximum of their own (-1 each): the sum is the old gen's
    return svc.metric("jvm.memory.max?tag=area:heap").get("VALUE")


def log_problems(path, limit=5):
    lines = []
    try:
        with open(path, errors="replace") as f:
            lines = [line.rstrip() for line in f if " WARN " in line or " ERROR " in line]
    except FileNotFoundError:
        pass
    later = [line for line in lines if "[           main]" not in line]
    return len(later), later[:limit], len(lines) - len(later)


# s3proxy's uber-jar: S3PROXY_JAR, else the build's copy (made when the tests are compiled), else Maven's cache
S3PROXY_JARS = [os.environ.get("S3PROXY_JAR") or "", os.path.join(PROJECT, "target", "s3proxy", "s3proxy.jar"),
                os.path.expanduser("~/.m2/repository/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar")]


class S3Proxy:
    """An S3-compatible store for the benchmark: s3proxy on its filesystem backend (objects are files under
    `folder`/store), unsigned requests accepted (`s3proxy.authorization=none`), in a child process that
    stop() (or the exit of this process) ends and whose store it removes; its log stays next to it."""

    def __init__(self, folder, port, jvm_flags=("-Xmx512m",)):
        self.jar = next((j for j in S3PROXY_JARS if j and os.path.isfile(j)), None)
        if self.jar is None:
            raise RuntimeError("s3proxy's jar is missing: set S3PROXY_JAR, or run ./mvnw -o test-compile (it copies "
                               "it to target/s3proxy/s3proxy.jar), or fetch org.gaul:s3proxy:2.6.0:jar:jar-with-dependencies")
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(os.path.join(folder, "store"))
        self.port = free_port(port)
        self.url = "http://127.0.0.1:%d" % self.port
        self.properties = os.path.join(folder, "s3proxy.properties")
        with open(self.properties, "w") as f:
            f.write("s3proxy.endpoint=%s\ns3proxy.authorization=none\njclouds.provider=filesystem\n"
                    "jclouds.filesystem.basedir=%s\n" % (self.url, os.path.join(folder, "store")))
        self.cmd = ["java"] + list(jvm_flags) + ["-jar", self.jar, "--properties", self.properties]
        self.log_path = folder.rstrip("/") + ".log"
        self.proc = None
        self.logf = None
        self.http = requests.Session()

    def start(self, timeout=120):
        log("starting s3proxy:", " ".join(self.cmd))
        self.logf = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.cmd, stdout=self.logf, stderr=subprocess.STDOUT, start_new_session=True)
        _STARTED.append(self)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("s3proxy exited with %s; see %s" % (self.proc.returncode, self.log_path))
            try:
                if self.http.get(self.url + "/", timeout=2).status_code == 200:  # ListBuckets
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("s3proxy did not start in %ds; see %s" % (timeout, self.log_path))

    @property
    def pid(self):
        return self.proc.pid

    def create_bucket(self, bucket):
        r = self.http.put("%s/%s" % (self.url, bucket), timeout=60)
        if r.status_code >= 300:
            raise RuntimeError("PUT /%s -> %d: %s" % (bucket, r.status_code, r.text[:500]))

    def upload(self, bucket, prefix, base, relpaths):
        """PUTs each file base/relpath as the key prefix/relpath, unsigned; returns (objects, bytes, seconds)."""
        t0 = time.perf_counter()
        nbytes = 0
        for rel in relpaths:
            with open(os.path.join(base, rel), "rb") as f:
                body = f.read()
            r = self.http.put("%s/%s/%s/%s" % (self.url, bucket, prefix, rel), data=body, timeout=60)
            if r.status_code >= 300:
                raise RuntimeError("PUT %s -> %d: %s" % (rel, r.status_code, r.text[:500]))
            nbytes += len(body)
        return len(relpaths), nbytes, time.perf_counter() - t0

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _STARTED:
            _STARTED.remove(self)
        if self.logf:
            self.logf.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_STARTED = []


def stop_all(*_):
    for s in list(_STARTED):
        try:
            s.stop()
        except Exception as e:  # noqa: BLE001 - best effort at exit
            log("stopping service:", e)


def install_cleanup():
    import atexit
    atexit.register(stop_all)

    def on_signal(signum, frame):
        stop_all()
        sys.exit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)


def profile_options(ap, top):
    """The options of both profilers (profile.sh, cpu-profile.sh) that say what runs."""
    ap.add_argument("--images", type=int, default=2000)
    ap.add_argument("--dtype", default="uint8", choices=["uint8", "float32"])
    ap.add_argument("--top", type=int, default=top)
    ap.add_argument("--port", type=int, default=18484)
    ap.add_argument("--jvm", default="-Xmx2g -XX:TieredStopAtLevel=1")


def profiled_service(a, storage, flags=()):
    """(photos, their lists, the started service) for a profiler's options `a`; stopped at exit."""
    install_cleanup()
    photos = materialize_photos(a.images)
    lists = lists_for(photos, a.images)
    svc = Service(os.path.join(OUT, "run", storage), photos, a.port, a.jvm.split() + list(flags)).start()
    return photos, lists, svc


def warm_up(svc, photos, images, dtypes=("uint8", "float32"), most=4, recipes=(), bases=None):
    """Rounds on a throwaway registration of `images` photos, not measured: a cold and a warm epoch in the
    first dtype, then a warm epoch in each other one (the cache is shared by a dataset's generators), and a
    cold and a warm epoch of a float32 generator with each of `recipes` (more generator settings: a crop
    keeps its own cache), so that registration, decoding, the cache, every pixel conversion and the payload
    have run hot. Repeats
    until the service's JIT compiler threads used under 10% of a core during a round (at most `most`
    rounds): a trainer talks to a long-running service, so compilation should not be measured. A Spring
    application keeps compiling rarely used paths for a long time, so the compilers never fall quite
    silent; the benchmark records their share during every measured epoch. bases: where the photos are
    registered from (default: the folder `photos`; e.g. also an s3:// prefix holding the same files), each
    base its own throwaway dataset every round."""
    from reader import Reader
    reader = Reader(svc.url)
    npz = Reader(svc.url, "npz")
    lists = lists_for(photos, images)
    for k in range(most):
        c0, t0 = compiler_cpu(svc.pid), time.perf_counter()
        for j, base in enumerate(bases or [photos]):
            name = "warmup-%d-%d" % (k, j)
            svc.register(name, base, *lists)
            gens = [svc.generator(name, dtype, k) for dtype in dtypes]
            for epoch in (0, 1):
                reader.epoch(gens[0]["id"], epoch, gens[0]["batchesPerEpoch"])
            for g in gens[1:]:
                reader.epoch(g["id"], 0, g["batchesPerEpoch"])
            npz.epoch(gens[0]["id"], 2, gens[0]["batchesPerEpoch"])
            for settings in recipes:
                g = svc.generator(name, "float32", k, settings=settings)
                for epoch in (0, 1):
                    reader.epoch(g["id"], epoch, g["batchesPerEpoch"])
            svc.delete(name)
        share = (compiler_cpu(svc.pid) - c0) / (time.perf_counter() - t0)
        if share < 0.10:
            break
    reader.close()
    npz.close()
    quiesce(svc.pid)
    log("warm-up: %d round(s) on %d images (%s%s%s); JIT compilers at %.0f%% of a core in the last" % (
        k + 1, images, "/".join(dtypes), " and %d recipe(s)" % len(recipes) if recipes else "",
        ", from %s" % " and ".join(bases) if bases else "", 100 * share))


# ---------------------------------------------------------------- /proc

def compiler_cpu(pid):
    """CPU seconds of the JVM's JIT compiler threads (C1 CompilerThre..., C2 CompilerThre...)."""
    return sum(u + s for (_, name), (u, s) in thread_cpu(pid).items() if "CompilerThre" in name)


def proc_cpu(pid):
    """User + system CPU seconds of a live process (all its threads)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / HZ
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def thread_group(name):
    """A thread's name with its numbers taken out, so a pool's threads count as one: datagen-worker-2 ->
    datagen-worker-#."""
    return re.sub(r"\d+", "#", name or "?")


def thread_cpu(pid):
    """{(thread id, thread name): (user, system) CPU seconds} of every live thread of a process (names as the
    kernel keeps them: at most 15 characters)."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                text = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        out[(tid, name)] = (int(fields[11]) / HZ, int(fields[12]) / HZ)
    return out


def proc_status(pid):
    """VmRSS, VmHWM, RssAnon, RssFile, RssShmem of a process in bytes."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(rest.split()[0]) * 1024
    return out


def quiesce(pid, idle=0.05, window=0.5, timeout=15):
    """Waits until a process uses less than `idle` of a core over `window` seconds (its prefetching done)."""
    deadline = time.time() + timeout
    last = proc_cpu(pid)
    while time.time() < deadline:
        time.sleep(window)
        now = proc_cpu(pid)
        if now - last < idle * window:
            return
        last = now


class MachineLoad:
    """How busy the machine was with work not ours: busy CPU time of the whole machine (from /proc/stat)
    minus the CPU time of this process, its waited children, the live service and `extra_pids` (the S3
    store), as a share of all cores;
    and steal time (the hypervisor running other guests)."""

    def __init__(self, service_pid=None):
        self.service_pid = service_pid
        self.extra_pids = []  # more live processes of ours that are not waited children (the S3 store)
        self.ncpu = len(os.sched_getaffinity(0))

    def snapshot(self):
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
        t = os.times()
        ours = t.user + t.system + t.children_user + t.children_system
        if self.service_pid:
            ours += proc_cpu(self.service_pid)
        ours += sum(proc_cpu(pid) for pid in self.extra_pids)
        return {"t": time.time(), "busy": (user + nice + system + irq + softirq) / HZ, "steal": steal / HZ, "ours": ours}

    def between(self, a, b):
        wall = max(1e-9, b["t"] - a["t"]) * self.ncpu
        others = (b["busy"] - a["busy"]) - (b["ours"] - a["ours"])
        return {"others": max(0.0, others / wall), "steal": (b["steal"] - a["steal"]) / wall}


class MemorySampler(threading.Thread):
    """Samples /proc/<pid>/status every `period` seconds and keeps the peak of each field."""

    def __init__(self, pid, period=0.1):
        super().__init__(daemon=True)
        self.pid = pid
        self.period = period
        self.peak = {}
        self.last = {}
        self.samples = 0
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.period)

    def sample(self):
        try:
            s = proc_status(self.pid)
        except (FileNotFoundError, ProcessLookupError):
            return
        self.last = s
        self.samples += 1
        for k, v in s.items():
            self.peak[k] = max(self.peak.get(k, 0), v)

    def finish(self):
        self._done.set()
        self.join()
        self.sample()
        return self.peak, self.last


def machine_facts():
    def first(path, key):
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        return "?"

    def run(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            return (p.stdout + p.stderr).strip().splitlines()[0]
        except Exception as e:  # noqa: BLE001
            return "? (%s)" % e
    torch = run(["/usr/bin/python3", "-c", "import torch, torchvision, PIL; print('torch', torch.__version__, "
                 "'torchvision', torchvision.__version__, 'PIL', PIL.__version__)"])
    return {"nproc": len(os.sched_getaffinity(0)), "memory": first("/proc/meminfo", "MemTotal"),
            "cpu": first("/proc/cpuinfo", "model name"), "kernel": os.uname().release,
            "java": run(["java", "-version"]), "service_java_bin": JAVA, "service_java": java_version(), "python": sys.version.split()[0],
            "numpy": __import__("numpy").__version__, "torch": torch,
            "loadavg_start": open("/proc/loadavg").read().split()[:3]}


def page_cache_rates(directory, mb=300):
    """How fast this machine takes new page cache, the cost under every cold epoch's cache writes.

    Writes ``mb`` MB into a new file, deletes it, and at once writes it again: the second write lands on the
    pages the first just freed. On a VM whose balloon reports free pages to its host (Firecracker's free page
    reporting), the first touch of a page freed a while ago faults in the host, and the two rates differ by up
    to 10x; on bare metal they are alike. Returns MB/s of each and the size written.
    """
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "page-cache-probe.bin")
    chunk = os.urandom(1 << 20)
    rates = []
    for _ in range(2):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            t0 = time.perf_counter()
            for _ in range(mb):
                os.write(fd, chunk)
            rates.append(mb / (time.perf_counter() - t0))
        finally:
            os.close(fd)
            os.unlink(path)
    return {"mb": mb, "new_MBps": rates[0], "reused_MBps": rates[1]}


# the benchmark's parts (bench.py --only), in the order they run
PARTS = ("uint8", "npz", "float32", "2readers", "pytorch", "opencv", "codec", "recipe", "nginx", "s3", "large",
         "firststart", "memory")
# the s3 part's bucket: the photos under s3://S3_BUCKET/S3_PREFIX/ in s3proxy
S3_BUCKET, S3_PREFIX = "datagen-bench", "photos"
S3_BASE = "s3://%s/%s/" % (S3_BUCKET, S3_PREFIX)


# The ImageNet training recipe, DataGen's side (generator settings on top of split, batch 64, dtype float32,
# seed), in PyTorch's layout (NCHW) as a PyTorch trainer would ask; torch_loader.py --recipe imagenet is PyTorch's.
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
RECIPE = {"dtype": "float32", "layout": "NCHW", "rescale": 0.00392156862745098, "crop": {"mode": "random-resized"},
          "augment": {"horizontalFlip": True}, "normalize": {"mean": IMAGENET_MEAN, "std": IMAGENET_STD}}
