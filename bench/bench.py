"""DataGen side by side with its peers, in one run on one machine. Started by bench/run.sh (see
bench/README.md); prints the table and writes it as markdown with the raw numbers as JSON.

Throughput rounds (R of them, the order of the parts rotated each round):
  datagen-uint8 / datagen-float32: a fresh registration (so the decoded-sample cache is empty), one Python
      reader reads epoch 0 (cold) and epochs 1..W (warm) as the npy stream (as the DataGen Python client
      does), then the dataset is deleted.
  datagen-uint8-npz: the same, uint8, each batch as npz opened with numpy.load.
  datagen-2readers: the same, uint8, numShards=2, two reader processes (one shard each) at once.
  pytorch: torch_loader.py, DataLoader(num_workers=2, batch 64), PIL decode + resize, 2 epochs.
  datagen-recipe / pytorch-recipe ("recipe"): the ImageNet training recipe on both sides, float32: DataGen
      with a random-resized crop, horizontal flip, rescale 1/255 and ImageNet normalization (cold and warm
      epochs, as datagen-float32), and torch_loader.py --recipe imagenet (torchvision's RandomResizedCrop(224),
      RandomHorizontalFlip(), ToTensor(), Normalize()).
  opencv: DecodeBench.java, the service's ImageCodec in-process on 1 thread then 2 threads, decoding with
          OpenCV alone (the limit the targets use); codec: the same with the service's default decoder
          (JPEGs through the system's libjpeg-turbo).
Object storage (s3), its own service and rounds: s3proxy (filesystem backend, unsigned requests) as a child
    process, the photos PUT into a bucket; one service with the folder and s3://BUCKET/photos as roots; each
    round registers the same list files from the folder and from the bucket (order alternating) and reads a
    cold and warm uint8 epochs of each (s3-local, s3-bucket).
12 MP photos (large), its own service and rounds: large_photos.py's 4032x3024 JPEGs to 224x224 uint8:
    registration and a cold epoch (large), next to one thread's PIL full decode + resize and draft-mode
    decode + resize (pil_decode.py) and DecodeBench.java's ImageCodec (OpenCV alone; the jar's decoder), 1 thread.
Memory: for each dataset size, a fresh service (same JVM flags), register, one cold and one warm
float32 epoch, /proc/<pid>/status sampled every 100 ms.

--only PART,... runs just those parts (uint8, npz, float32, 2readers, pytorch, opencv, codec, recipe, s3,
large, memory) and writes its report to bench/out/results-only-PARTS.md, so it never replaces bench/results.md.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
import types

import common
from common import HERE, IMAGENET_MEAN, IMAGENET_STD, OUT, RECIPE, log
from reader import Reader


# the largest value a normalized pixel can take, (1 - mean) / std, with room for float32 rounding
RECIPE_MAX = max((1 - m) / s for m, s in zip(IMAGENET_MEAN, IMAGENET_STD)) + 0.01
PARTS = ("uint8", "npz", "float32", "2readers", "pytorch", "opencv", "codec", "recipe", "s3", "large", "memory")
# the s3 part's bucket: the photos under s3://S3_BUCKET/S3_PREFIX/ in s3proxy
S3_BUCKET, S3_PREFIX = "datagen-bench", "photos"
S3_BASE = "s3://%s/%s/" % (S3_BUCKET, S3_PREFIX)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


class Bench:
    def __init__(self, a):
        self.a = a
        self.load = common.MachineLoad()
        self.rows = []  # one dict per measured epoch / run

    # ------------------------------------------------------------ helpers

    def record(self, part, phase, rnd, result, extra=None, load=None):
        row = {"part": part, "phase": phase, "round": rnd, "images": result["images"], "bytes": result["bytes"],
               "seconds": result["seconds"], "rate": result["images"] / result["seconds"],
               "mbps": result["bytes"] / result["seconds"] / 1e6}
        if load:
            row.update({"others": load["others"], "steal": load["steal"]})
        if extra:
            row.update(extra)
        self.rows.append(row)
        log("%-17s %-5s round %d: %6d images in %6.2f s = %7.1f img/s, %7.1f MB/s%s" % (
            part, phase, rnd, row["images"], row["seconds"], row["rate"], row["mbps"],
            "  (other load %.0f%%, steal %.0f%%)" % (100 * row["others"], 100 * row["steal"]) if load else ""))
        return row

    def timed(self, fn):
        """Runs fn(), returning (its result, machine load not ours meanwhile)."""
        a = self.load.snapshot()
        out = fn()
        return out, self.load.between(a, self.load.snapshot())

    # ------------------------------------------------------------ DataGen

    def datagen_epochs(self, svc, rnd, dtype, seed, fmt="npy", recipe=None, base=None, lists=None, part=None,
                       warm_epochs=None, store_pid=None):
        """recipe: more generator settings (RECIPE), measured as the part datagen-recipe. base, lists: register
        these instead of the photos (base: a folder or an s3:// prefix), recorded as `part`; store_pid: the
        object store's process, whose CPU time is recorded too."""
        kind = "recipe" if recipe else dtype
        name = "bench-%s-%s-r%d-%d" % (kind, fmt, rnd, int(time.time() * 1000) % 100000)
        t0 = time.perf_counter()
        svc.register(name, base or self.photos, *(lists or self.lists))
        reg = time.perf_counter() - t0
        gen = svc.generator(name, dtype, seed, settings=recipe)
        if recipe:
            self.commands.setdefault("generator (recipe), as the service echoed it", json.dumps(gen["settings"]))
        batches = gen["batchesPerEpoch"]
        expect = (dtype, RECIPE_MAX if recipe else 255 if dtype == "uint8" else 1.0)
        reader = Reader(svc.url, fmt)
        part = part or "datagen-" + kind + ("" if fmt == "npy" else "-" + fmt)
        try:
            for epoch in range(1 + (self.a.warm_epochs if warm_epochs is None else warm_epochs)):
                before = svc.counters()
                cpu0, own0, jit0 = svc.cpu_seconds(), os.times(), common.compiler_cpu(svc.pid)
                st0 = common.proc_cpu(store_pid) if store_pid else 0.0
                res, load = self.timed(lambda: reader.epoch(gen["id"], epoch, batches, expect=expect))
                cpu1, own1, jit1 = svc.cpu_seconds(), os.times(), common.compiler_cpu(svc.pid)
                st1 = common.proc_cpu(store_pid) if store_pid else 0.0
                after = svc.counters()
                d = {k: after[k] - before[k] for k in after}
                extra = {"cache_hits": d["hits"], "cache_misses": d["misses"],
                         "decode_ms": 1000 * d["decode_seconds"] / d["decodes"] if d["decodes"] else None,
                         "service_cores": (cpu1 - cpu0) / res["seconds"],
                         "jit_cores": (jit1 - jit0) / res["seconds"],
                         "service_cpu_ms": 1000 * (cpu1 - cpu0) / res["images"],
                         "reader_cpu_ms": 1000 * (own1.user + own1.system - own0.user - own0.system) / res["images"],
                         "reader_cores": (own1.user + own1.system - own0.user - own0.system) / res["seconds"],
                         "reader_load_share": res["load_seconds"] / res["seconds"]}
                if store_pid:
                    extra["store_cpu_ms"] = 1000 * (st1 - st0) / res["images"]
                    extra["store_cores"] = (st1 - st0) / res["seconds"]
                if epoch == 0:
                    extra["register_seconds"] = reg
                self.record(part, "cold" if epoch == 0 else "warm", rnd, res, extra, load)
        finally:
            reader.close()
        svc.delete(name)
        common.quiesce(svc.pid)

    def datagen_two_readers(self, svc, rnd, seed):
        name = "bench-2r-r%d-%d" % (rnd, int(time.time() * 1000) % 100000)
        svc.register(name, self.photos, *self.lists)
        gen = svc.generator(name, "uint8", seed, shards=2)
        for epoch in range(2):
            procs = [subprocess.Popen([sys.executable, os.path.join(HERE, "reader.py"), svc.url, gen["id"], str(epoch),
                                       str(s["batches"]), "--shard", str(s["shard"]), "--wait"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for s in gen["shards"]]
            for p in procs:
                assert p.stdout.readline().strip() == "ready"

            def go():
                for p in procs:
                    p.stdin.write("go\n")
                    p.stdin.flush()
                outs = [json.loads(p.communicate()[0]) for p in procs]
                if any(p.returncode for p in procs):
                    raise RuntimeError("a reader failed")
                return outs
            outs, load = self.timed(go)
            start, end = min(o["start"] for o in outs), max(o["end"] for o in outs)
            res = {"images": sum(o["images"] for o in outs), "bytes": sum(o["bytes"] for o in outs), "seconds": end - start}
            self.record("datagen-2readers", "cold" if epoch == 0 else "warm", rnd, res, None, load)
        svc.delete(name)
        common.quiesce(svc.pid)

    # ------------------------------------------------------------ peers

    def pytorch(self, rnd, recipe="plain", part="pytorch"):
        cmd = ["/usr/bin/python3", os.path.join(HERE, "torch_loader.py"), self.photos, *self.lists,
               "--epochs", "2", "--workers", "2", "--batch", "64", "--seed", str(rnd)]
        if recipe != "plain":
            cmd += ["--recipe", recipe]
        self.commands.setdefault(part, " ".join(cmd))
        out, load = self.timed(lambda: subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        for line in out.splitlines():
            r = json.loads(line)
            self.record(part, "epoch", rnd, r, {"epoch": r["epoch"], "cpu_ms": 1000 * r["cpu_seconds"] / r["images"]}, load)

    def pytorch_recipe(self, rnd):
        self.pytorch(rnd, "imagenet", "pytorch-recipe")

    def opencv(self, rnd, decoder="opencv", part="opencv", data_list=None, base=None, threads=("1", "2"), jvm=()):
        cmd = (["java"] + list(jvm) + ["-cp", self.decode_cp, "DecodeBench", data_list or self.lists[0],
               base or self.photos, decoder] + list(threads))
        self.commands.setdefault(part, " ".join(cmd))
        out, load = self.timed(lambda: subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        for line in out.splitlines():
            r = json.loads(line)
            r["bytes"] = r["images"] * 224 * 224 * 3
            self.record("%s-%dt" % (part, r["threads"]), "decode", rnd, r, {"cpu_ms": 1000 * r["cpu_seconds"] / r["images"]}, load)

    def codec(self, rnd):
        self.opencv(rnd, "service", "codec")

    # ------------------------------------------------------------ phases

    def throughput(self):
        a = self.a
        svc = common.Service(os.path.join(OUT, "run", "storage-throughput"), self.photos, a.port, a.jvm).start()
        self.load.service_pid = svc.pid
        self.commands["service"] = " ".join(svc.cmd)
        try:
            common.warm_up(svc, self.photos, a.images, most=1 if a.quick else 6,
                           recipes=[RECIPE] if "recipe" in a.parts else [])
            parts = [("uint8", "datagen-uint8", lambda k: self.datagen_epochs(svc, k, "uint8", 100 + k)),
                     ("npz", "datagen-uint8-npz", lambda k: self.datagen_epochs(svc, k, "uint8", 400 + k, "npz")),
                     ("float32", "datagen-float32", lambda k: self.datagen_epochs(svc, k, "float32", 200 + k)),
                     ("pytorch", "pytorch", self.pytorch),
                     ("opencv", "opencv", self.opencv),
                     ("codec", "codec", self.codec),
                     ("recipe", "datagen-recipe", lambda k: self.datagen_epochs(svc, k, "float32", 500 + k, recipe=RECIPE)),
                     ("recipe", "pytorch-recipe", self.pytorch_recipe),
                     ("2readers", "datagen-2readers", lambda k: self.datagen_two_readers(svc, k, 300 + k))]
            parts = [(name, fn) for group, name, fn in parts if group in a.parts]
            for k in range(1, a.runs + 1):
                shift = (k - 1) % len(parts)
                for name, fn in parts[shift:] + parts[:shift]:
                    fn(k)
        finally:
            svc.stop()
            self.load.service_pid = None

    def s3(self):
        """The same photos from a bucket and from a folder, one service, one run: the bucket is s3proxy's
        (filesystem backend, unsigned requests) on a loopback port; each round registers the list files once
        with baseDir the folder and once with baseDir s3://BUCKET/photos/ (order alternating), each a fresh
        dataset so its cold epoch decodes every image."""
        a = self.a
        store = common.S3Proxy(os.path.join(OUT, "run", "s3proxy"), a.port + 100)
        svc = None
        try:
            store.start()
            self.load.extra_pids = [store.pid]
            store.create_bucket(S3_BUCKET)
            with open(self.lists[0]) as f:
                keys = [line.strip() for line in f if line.strip()]
            n, nbytes, seconds = store.upload(S3_BUCKET, S3_PREFIX, self.photos, keys)
            log("s3: uploaded %d photos (%.1f MB) in %.1f s" % (n, nbytes / 1e6, seconds))
            self.extras["s3"] = {"objects": n, "bytes": nbytes, "upload_seconds": seconds, "base": S3_BASE}
            self.commands["s3proxy"] = "%s  # %s: %s" % (" ".join(store.cmd), os.path.basename(store.properties),
                                                        open(store.properties).read().strip().replace("\n", "; "))
            svc = common.Service(os.path.join(OUT, "run", "storage-s3"), self.photos + ",s3://%s/%s" % (
                S3_BUCKET, S3_PREFIX), a.port, a.jvm, ["--datagen.s3.endpoint=" + store.url,
                                                       "--datagen.s3.path-style=true", "--datagen.s3.anonymous=true"])
            svc.start()
            self.load.service_pid = svc.pid
            self.commands["service (s3)"] = " ".join(svc.cmd)
            common.warm_up(svc, self.photos, a.images, dtypes=("uint8",), most=1 if a.quick else 4,
                           bases=[self.photos, S3_BASE])
            for k in range(1, a.runs + 1):
                order = [("s3-local", self.photos), ("s3-bucket", S3_BASE)]
                for part, base in order if k % 2 else order[::-1]:
                    self.datagen_epochs(svc, k, "uint8", 600 + k, base=base, part=part, store_pid=store.pid)
            self.extras["s3"]["same_batches"] = self.same_batches(svc, [self.photos, S3_BASE])
        finally:
            if svc is not None:
                self.extras.setdefault("s3", {})["service_log"] = svc.log_problems()
                svc.stop()
            store.stop()
            self.load.service_pid = None
            self.load.extra_pids = []

    def same_batches(self, svc, bases, batches=3):
        """Whether the first batches of epoch 0 of a generator with the same seed are byte for byte the same
        from each base (not timed)."""
        bodies = []
        reader = Reader(svc.url)
        try:
            for j, base in enumerate(bases):
                name = "bench-same-%d-%d" % (j, int(time.time() * 1000) % 100000)
                svc.register(name, base, *self.lists)
                gen = svc.generator(name, "uint8", 4242)
                bodies.append([bytes(reader.batch(gen["id"], 0, b)) for b in range(min(batches, gen["batchesPerEpoch"]))])
                svc.delete(name)
        finally:
            reader.close()
        same = all(b == bodies[0] for b in bodies[1:])
        log("s3: the first %d batches are %s" % (len(bodies[0]), "the same from both" if same else "**DIFFERENT**"))
        return same

    def large(self):
        """12 MP photos to 224x224 uint8: the service (registration, a cold and a warm epoch of a fresh dataset)
        next to what one core decodes and resizes, fully (PIL, and the jar's ImageCodec with OpenCV alone or
        its own decoder) and at a reduced DCT scale (PIL's draft mode), times the cores."""
        a = self.a
        n = a.large_images
        root = common.materialize_large(n)
        lists = common.lists_for(root, n)
        with open(lists[0]) as f:
            files = [os.path.join(root, line.strip()) for line in f if line.strip()]
        self.extras["large"] = {"images": n, "mean_bytes": sum(os.path.getsize(p) for p in files) / n,
                                "size": "4032x3024"}
        svc = common.Service(os.path.join(OUT, "run", "storage-large"), root + "," + self.photos, a.port, a.jvm)
        try:
            svc.start()
            self.load.service_pid = svc.pid
            self.commands["service (large)"] = " ".join(svc.cmd)
            # the service's paths warmed on the ordinary photos, then once on a few large ones
            common.warm_up(svc, self.photos, min(a.images, 500), dtypes=("uint8",), most=1 if a.quick else 3)
            few = common.lists_for(root, min(n, 16))
            self.datagen_epochs(svc, 0, "uint8", 700, base=root, lists=few, part="warmup-large", warm_epochs=0)
            self.rows = [r for r in self.rows if r["part"] != "warmup-large"]
            pil = ["/usr/bin/python3", os.path.join(HERE, "pil_decode.py"), lists[0], root, "--modes", "full,draft"]
            self.commands["large: PIL"] = " ".join(pil)
            # no warm epoch: at 200 images the prefetch (4 batches) would serve all of it before it is asked for
            parts = [lambda k: self.datagen_epochs(svc, k, "uint8", 700 + k, base=root, lists=lists, part="large",
                                                   warm_epochs=0),
                     lambda k: self.pil_decode(k, pil),
                     lambda k: self.opencv(k, "opencv", "large-opencv", lists[0], root, ("1",), ["-Dwarmup=10"]),
                     lambda k: self.opencv(k, "service", "large-codec", lists[0], root, ("1",), ["-Dwarmup=10"])]
            for k in range(1, a.runs + 1):
                shift = (k - 1) % len(parts)
                for fn in parts[shift:] + parts[:shift]:
                    fn(k)
        finally:
            self.extras.setdefault("large", {})["service_log"] = svc.log_problems()
            svc.stop()
            self.load.service_pid = None

    def pil_decode(self, rnd, cmd):
        out, load = self.timed(lambda: subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        for line in out.splitlines():
            r = json.loads(line)
            r["bytes"] = r["images"] * 224 * 224 * 3
            self.record("large-pil-" + r["mode"], "decode", rnd, r, {
                "cpu_ms": 1000 * r["cpu_seconds"] / r["images"], "decode_ms": 1000 * r["decode_seconds"] / r["images"],
                "decoded_size": r["decoded_size"]}, load)

    def memory(self):
        a = self.a
        self.mem = []
        for n in a.mem_sizes:
            lists = common.lists_for(self.photos, n)
            svc = common.Service(os.path.join(OUT, "run", "storage-mem-%d" % n), self.photos, a.port, a.jvm).start()
            sampler = common.MemorySampler(svc.pid)
            sampler.start()
            try:
                t0 = time.perf_counter()
                svc.register("mem", self.photos, *lists)
                reg = time.perf_counter() - t0
                gen = svc.generator("mem", "float32", 7)
                r = Reader(svc.url)
                times = []
                for e in range(2):
                    res = r.epoch(gen["id"], e, gen["batchesPerEpoch"])
                    times.append(res["seconds"])
                r.close()
                common.quiesce(svc.pid)
                heap = svc.metric("jvm.memory.committed?tag=area:heap").get("VALUE")
                peak, last = sampler.finish()
                # what the service keeps: the heap still in use after a full collection
                subprocess.run([common.jdk_tool("jcmd"), str(svc.pid), "GC.run"], capture_output=True, timeout=120)
                live = svc.metric("jvm.memory.used?tag=area:heap").get("VALUE")
            finally:
                svc.stop()
            row = {"images": n, "register_seconds": reg, "cold_seconds": times[0], "warm_seconds": times[1],
                   "VmHWM": peak.get("VmHWM"), "peak_VmRSS": peak.get("VmRSS"), "peak_RssAnon": peak.get("RssAnon"),
                   "peak_RssFile": peak.get("RssFile"), "end_VmRSS": last.get("VmRSS"),
                   "end_RssAnon": last.get("RssAnon"), "end_RssFile": last.get("RssFile"),
                   "heap_committed": heap, "heap_live": live, "samples": sampler.samples}
            self.mem.append(row)
            log("memory %6d images: VmHWM %s MB, peak RssAnon %s MB, peak RssFile %s MB; cold %.1f img/s, warm %.1f img/s" % (
                n, mb(row["VmHWM"]), mb(row["peak_RssAnon"]), mb(row["peak_RssFile"]), n / times[0], n / times[1]))

    def run(self):
        a = self.a
        self.facts = common.machine_facts()
        jar = "" if common.JAR == common.BUILT_JAR else "DATAGEN_JAR=%s " % common.JAR
        jar += "" if common.JAVA == "java" else "BENCH_JAVA=%s " % common.JAVA
        self.commands = {"run": jar + "bash bench/run.sh " + " ".join(a.argv)}
        started = self.load.snapshot()
        self.started = datetime.datetime.now().astimezone()
        self.photos = common.materialize_photos(max([a.images] + (a.mem_sizes if "memory" in a.parts else [])))
        self.lists = common.lists_for(self.photos, a.images)
        self.decode_cp = a.decode_cp
        self.extras = {}
        if set(a.parts) - {"memory", "s3", "large"}:
            self.throughput()
        if "s3" in a.parts:
            self.s3()
        if "large" in a.parts:
            self.large()
        self.mem = []
        if "memory" in a.parts:
            self.memory()
        self.total_load = self.load.between(started, self.load.snapshot())
        self.facts["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        raw = os.path.splitext(a.results)[0] + ".json" if a.only else os.path.join(
            OUT, "results-quick.json" if a.quick else "results.json")
        data = {"facts": self.facts, "args": vars(a), "rows": self.rows, "memory": self.mem, "extras": self.extras,
                "load": self.total_load, "commands": self.commands, "started": self.started.isoformat(),
                "finished": datetime.datetime.now().astimezone().isoformat(),
                "raw": os.path.relpath(raw, common.PROJECT)}
        with open(raw, "w") as f:
            json.dump(data, f, indent=1)
        log("wrote", raw)
        write_report(data, a.results)


def write_report(data, path):
    report = Report(data).markdown()
    print(report)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(report)
    log("wrote", path)


# measured on a quiet machine of this kind before the project started (the stack notes the project started from)
STACK_OPENCV_1T = 975
STACK_PYTORCH = 1040


def mb(x):
    return "%.0f" % (x / 2 ** 20) if x else "-"


def fmt(x, digits=0):
    return "-" if x is None else ("%%.%df" % digits) % x


THROUGHPUT_PARTS = {"datagen-uint8", "datagen-uint8-npz", "datagen-float32", "datagen-2readers", "datagen-recipe",
                    "pytorch", "pytorch-recipe", "opencv-1t", "opencv-2t", "codec-1t", "codec-2t"}


class Report:
    """The markdown: medians, ratios with pass/fail, memory, machine facts, commands, caveats."""

    def __init__(self, data):
        self.b = types.SimpleNamespace(
            rows=data["rows"], mem=data["memory"], facts=data["facts"], a=types.SimpleNamespace(**data["args"]),
            total_load=data["load"], commands=data["commands"], raw=data.get("raw", "bench/out/results.json"),
            extras=data.get("extras", {}),
            started=datetime.datetime.fromisoformat(data["started"]),
            finished=datetime.datetime.fromisoformat(data["finished"]))

    def med(self, part, phase, key="rate"):
        return median([r.get(key) for r in self.b.rows if r["part"] == part and r["phase"] == phase])

    def n(self, part, phase):
        return len([r for r in self.b.rows if r["part"] == part and r["phase"] == phase])

    def markdown(self):
        b, a = self.b, self.b.a
        f = b.facts
        L = []
        w = L.append
        w("# DataGen benchmark results\n")
        w("Run %s to %s%s. **%s**\n" % (b.started.strftime("%Y-%m-%d %H:%M %Z"), b.finished.strftime("%H:%M"),
          " (`--quick`: a smoke test, not a result)" if a.quick else "",
          self.noise_sentence()))
        w("Machine: %s cores (`nproc`), %s RAM, %s; Linux %s; %s; Python %s (numpy %s); %s.\n" % (
            f["nproc"], f["memory"], f["cpu"], f["kernel"], f["java"], f["python"], f["numpy"], f["torch"]))
        if f.get("service_java_bin", "java") != "java":  # BENCH_JAVA
            w("The service ran on `BENCH_JAVA=%s`: %s.\n" % (f["service_java_bin"], f["service_java"]))
        one = self.med("opencv-1t", "decode")
        if one:
            w("Reference: on a quiet machine of this kind, OpenCV decode + resize of these JPEGs ran at about %d img/s on "
              "one thread and a PyTorch DataLoader with 2 workers at about %d img/s (the stack notes the project started from); here the 1-thread "
              "rate was %.0f img/s%s\n" % (STACK_OPENCV_1T, STACK_PYTORCH, one,
                                            ". A much lower figure means the host was busy in ways this guest does not "
                                            "see (the \"other load\" column only sees this machine's processes): "
                                            "trust the ratios more than the absolute rates." if one < 0.8 * STACK_OPENCV_1T else "."))
        if set(getattr(a, "parts", PARTS)) - {"large", "memory"}:
            w("Dataset: %d real-photo JPEGs of 500x375 (`photos.py`), resized to 224x224 RGB; batch 64; "
              "%d round(s), medians shown; %d warm epoch(s) per DataGen round.\n" % (a.images, a.runs, a.warm_epochs))
        else:
            w("%d round(s), medians shown.\n" % a.runs)
        if getattr(a, "only", None):
            w("Only the parts %s were run (`--only`): not a full run.\n" % ", ".join(a.parts))
        if b.rows:
            self.throughput_table(w)
            self.targets(w)
            self.cpu_table(w)
            self.s3_table(w)
            self.large_table(w)
        if b.mem:
            self.memory_table(w)
        if b.rows:
            self.every_measurement(w)
        w("## Commands\n")
        w("```")
        for k, v in b.commands.items():
            w("# %s\n%s" % (k, v))
        w("```\n")
        w("Raw numbers of every round: `%s`. How to read this: `bench/README.md`.\n" % b.raw)
        return "\n".join(L) + "\n"

    def noise_sentence(self):
        others = [r.get("others") for r in self.b.rows if r.get("others") is not None]
        tl = self.b.total_load
        s = ("Other processes used %.0f%% of the machine's CPU during the run (median per measurement %.0f%%, max %.0f%%), steal %.0f%%; "
             "load average %s at the start, %s at the end." % (
                 100 * tl["others"], 100 * (median(others) or 0), 100 * max(others or [0]), 100 * tl["steal"],
                 "/".join(self.b.facts["loadavg_start"]), "/".join(self.b.facts["loadavg_end"])))
        if tl["others"] > 0.1 or max(others or [0]) > 0.25:
            s += " The machine was shared and noisy: re-run on a quiet machine before quoting these figures."
        return s

    def throughput_table(self, w):
        if not any(r["part"] in THROUGHPUT_PARTS for r in self.b.rows):
            return
        w("## Throughput (medians over rounds)\n")
        w("| reader | dtype | cold img/s | cold MB/s | warm img/s | warm MB/s | warm/cold | service CPU cold / warm (cores) | other load | runs |")
        w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for part, label, dtype in (("datagen-uint8", "DataGen, 1 Python reader (npy stream, as the client reads)", "uint8"),
                                   ("datagen-uint8-npz", "DataGen, 1 Python reader (npz, numpy.load)", "uint8"),
                                   ("datagen-float32", "DataGen, 1 Python reader (npy stream)", "float32, rescale 1/255"),
                                   ("datagen-2readers", "DataGen, 2 Python readers at once (numShards=2, npy)", "uint8"),
                                   ("datagen-recipe", "DataGen, ImageNet training recipe, 1 Python reader (npy stream)",
                                    "float32: random-resized crop, h-flip, rescale 1/255, normalize")):
            if not self.n(part, "cold"):
                continue
            c, wm = self.med(part, "cold"), self.med(part, "warm")
            sc, sw = self.med(part, "cold", "service_cores"), self.med(part, "warm", "service_cores")
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |" % (
                label, dtype, fmt(c), fmt(self.med(part, "cold", "mbps")), fmt(wm), fmt(self.med(part, "warm", "mbps")),
                fmt(wm / c, 1) + "x", "%s / %s" % (fmt(sc, 2), fmt(sw, 2)) if sc is not None else "",
                self.load_cell(part), self.n(part, "cold")))
        if self.n("pytorch", "epoch"):
            w("| PyTorch DataLoader, 2 workers, PIL decode + resize (every epoch) | uint8 | %s | %s | | | | | %s | %d |" % (
                fmt(self.med("pytorch", "epoch")), fmt(self.med("pytorch", "epoch", "mbps")), self.load_cell("pytorch"),
                self.n("pytorch", "epoch")))
        if self.n("pytorch-recipe", "epoch"):
            w("| PyTorch DataLoader, 2 workers, ImageNet training recipe: PIL decode, RandomResizedCrop(224), "
              "RandomHorizontalFlip, ToTensor, Normalize (every epoch) | float32 | %s | %s | | | | | %s | %d |" % (
                  fmt(self.med("pytorch-recipe", "epoch")), fmt(self.med("pytorch-recipe", "epoch", "mbps")),
                  self.load_cell("pytorch-recipe"), self.n("pytorch-recipe", "epoch")))
        if self.n("opencv-1t", "decode"):
            one, two = self.med("opencv-1t", "decode"), self.med("opencv-2t", "decode")
            w("| OpenCV decode + resize in-process (ImageCodec with OpenCV alone), 1 thread | uint8 | %s | %s | | | | | %s | %d |" % (
                fmt(one), fmt(self.med("opencv-1t", "decode", "mbps")), self.load_cell("opencv-1t"), self.n("opencv-1t", "decode")))
            w("| OpenCV decode + resize in-process (ImageCodec with OpenCV alone), 2 threads | uint8 | %s | %s | | | | | %s | %d |" % (
                fmt(two), fmt(self.med("opencv-2t", "decode", "mbps")), self.load_cell("opencv-2t"), self.n("opencv-2t", "decode")))
            w("| **2-core limit** = 2 x the OpenCV 1-thread rate | uint8 | **%s** | %s | | | | | | |" % (
                fmt(2 * one), fmt(2 * self.med("opencv-1t", "decode", "mbps"))))
        if self.n("codec-1t", "decode"):
            one, two = self.med("codec-1t", "decode"), self.med("codec-2t", "decode")
            w("| The service's decoder in-process (TurboJPEG decode, OpenCV resize), 1 thread | uint8 | %s | %s | | | | | %s | %d |" % (
                fmt(one), fmt(self.med("codec-1t", "decode", "mbps")), self.load_cell("codec-1t"), self.n("codec-1t", "decode")))
            w("| The service's decoder in-process, 2 threads | uint8 | %s | %s | | | | | %s | %d |" % (
                fmt(two), fmt(self.med("codec-2t", "decode", "mbps")), self.load_cell("codec-2t"), self.n("codec-2t", "decode")))
            w("| 2 x the service decoder's 1-thread rate | uint8 | %s | %s | | | | | | |" % (
                fmt(2 * one), fmt(2 * self.med("codec-1t", "decode", "mbps"))))
        w("")
        first = "datagen-uint8" if self.n("datagen-uint8", "cold") else "datagen-recipe"
        reg = self.med(first, "cold", "register_seconds")
        if reg:
            w("Registration (every image decoded once to check it, not part of any epoch above): median %.1f s for %d "
              "images (%.0f img/s). Counting it, the first %s epoch after registering delivers %.0f img/s.\n" % (
                  reg, self.b.a.images, self.b.a.images / reg, first[8:],
                  self.b.a.images / (reg + self.b.a.images / self.med(first, "cold"))))
        dm = self.med("datagen-uint8", "cold", "decode_ms")
        one = self.med("codec-1t", "decode") or self.med("opencv-1t", "decode")
        if dm and one:
            w("Decode + resize inside the service during cold epochs: median %.2f ms per image, wall time (the "
              "in-process 1-thread harness with the service's decoder: %.2f ms).\n" % (dm, 1000 / one))
        dr = self.med("datagen-recipe", "cold", "decode_ms")
        if dr:
            w("Decode inside the service during the recipe's cold epochs (the image kept whole for the random crop, "
              "which each epoch then takes from the cache): median %.2f ms per image, wall time.\n" % dr)
        notes = []
        for part in ("datagen-uint8", "datagen-uint8-npz", "datagen-float32", "datagen-recipe"):
            for phase in ("cold", "warm"):
                rc, share = self.med(part, phase, "reader_cores"), self.med(part, phase, "reader_load_share")
                if rc is not None:
                    notes.append("%s %s %.2f cores (parsing the arrays %.0f%% of the epoch)" % (part[8:], phase, rc, 100 * share))
        jit = [r["jit_cores"] for r in self.b.rows if "jit_cores" in r]
        if jit:
            w("The service's JIT compiler threads during DataGen epochs: median %.2f cores, max %.2f (included in "
              "\"service CPU\"; the service was warmed up on a throwaway dataset first).\n" % (median(jit), max(jit)))
        if notes:
            w("The Python reader itself (same machine, so it competes with the service for the cores): %s.\n" % "; ".join(notes))
        checks = [(r["part"], r["phase"], r["cache_misses"], r["cache_hits"]) for r in self.b.rows if "cache_misses" in r]
        bad = [c for c in checks if (c[1] == "cold" and c[2] < 0.95 * self.b.a.images) or (c[1] == "warm" and c[3] < 0.95 * self.b.a.images)]
        w("Cache check (service counters): %s\n" % (
            "every cold epoch decoded (cache misses) and every warm epoch read from the cache (hits) at least 95% of its images."
            if not bad else "**unexpected** cache counters in %s" % bad))

    def s3_table(self, w):
        if not self.n("s3-bucket", "cold"):
            return
        x = self.b.extras.get("s3", {})
        w("## Object storage: the same photos from a bucket and from a folder (`s3`)\n")
        w("One service with both roots (`--datagen.data-roots=<folder>,s3://%s/%s`), the bucket in s3proxy 2.6.0 "
          "(filesystem backend, unsigned requests) on a loopback port of the same machine: its CPU is taken from "
          "the same 2 cores, its latency is loopback's. Every round registers the same list files twice, `baseDir` "
          "the folder and `baseDir=%s` (alternating which goes first), each a fresh dataset: cold = epoch 0, "
          "every image read and decoded; warm = the later epochs (from the decoded-sample cache, after one HEAD "
          "per sample for the bucket). uint8, batch 64, npy stream, %d photos (%.1f MB uploaded with plain PUTs "
          "in %.1f s).\n" % (S3_BUCKET, S3_PREFIX, x.get("base", S3_BASE), self.b.a.images, x.get("bytes", 0) / 1e6,
                              x.get("upload_seconds", 0)))
        w("| photos in | registration img/s | cold img/s | warm img/s | service CPU ms/img cold / warm | s3proxy CPU "
          "ms/img cold / warm | other load | runs |")
        w("|---|--:|--:|--:|--:|--:|--:|--:|")
        for part, label in (("s3-local", "a local folder"), ("s3-bucket", "S3 (s3proxy)")):
            regs = [self.b.a.images / r["register_seconds"] for r in self.b.rows
                    if r["part"] == part and r["phase"] == "cold" and r.get("register_seconds")]
            w("| %s | %s | %s | %s | %s / %s | %s / %s | %s | %d |" % (
                label, fmt(median(regs)), fmt(self.med(part, "cold")), fmt(self.med(part, "warm")),
                fmt(self.med(part, "cold", "service_cpu_ms"), 2), fmt(self.med(part, "warm", "service_cpu_ms"), 2),
                fmt(self.med(part, "cold", "store_cpu_ms"), 2), fmt(self.med(part, "warm", "store_cpu_ms"), 2),
                self.load_cell(part), self.n(part, "cold")))
        w("")
        ratios = []
        for label, phase, key in (("cold epoch", "cold", "rate"), ("warm epoch", "warm", "rate")):
            b, l = self.med("s3-bucket", phase, key), self.med("s3-local", phase, key)
            if b and l:
                ratios.append("%s %.2fx" % (label, b / l))
        regs = {part: median([self.b.a.images / r["register_seconds"] for r in self.b.rows
                              if r["part"] == part and r.get("register_seconds")]) for part in ("s3-bucket", "s3-local")}
        if regs["s3-bucket"] and regs["s3-local"]:
            ratios.append("registration %.2fx" % (regs["s3-bucket"] / regs["s3-local"]))
        w("S3 / local folder (medians): %s; the issue's target is a cold epoch >= 0.8x.\n" % ", ".join(ratios))
        self.cache_check(w, ("s3-local", "s3-bucket"), self.b.a.images)
        if "same_batches" in x:
            w("Same bytes: the first batches of epoch 0 of a generator with the same seed were %s from the bucket and "
              "from the folder.\n" % ("identical" if x["same_batches"] else "**different**"))
        self.log_note(w, x)

    def large_table(self, w):
        if not self.n("large", "cold"):
            return
        x = self.b.extras.get("large", {})
        n, cores = x.get("images", 0), self.b.facts["nproc"]
        w("## 12 MP photos to 224x224 (`large`)\n")
        w("%d JPEGs of 4032x3024 (`large_photos.py`: real photographs, scikit-image's samples, cropped, upscaled "
          "bicubically and saved at quality 90; %.2f MB each on average, smoother than a camera's), resized to "
          "224x224 RGB uint8. DataGen: a fresh registration each round (every image decoded once to check it), "
          "then a cold epoch (every image decoded again), batch 64, npy stream (no warm epoch: the prefetch would "
          "have built it before it is asked for). The decode rows run "
          "one thread over the same files; \"x %d cores\" is that rate times the cores, what the machine could do "
          "if nothing else ran. CPU ms per image: the service's and the Python reader's (DataGen), the decoding "
          "thread's (the others); \"%d cores, CPU-bound\" is %d000 / that, a projection, not a measurement, but "
          "on a shared machine the better guide.\n" % (n, x.get("mean_bytes", 0) / 1e6, cores, cores, cores))
        w("| what | img/s | x %d cores | CPU ms per image | %d cores, CPU-bound (img/s) | decoded to | other load | runs |" % (
            cores, cores))
        w("|---|--:|--:|--:|--:|---|--:|--:|")
        regs = [n / r["register_seconds"] for r in self.b.rows if r["part"] == "large" and r.get("register_seconds")]
        w("| DataGen registration (check: decode every image) | %s | | | | | %s | %d |" % (
            fmt(median(regs), 1), self.load_cell("large"), len(regs)))
        sv, rd = self.med("large", "cold", "service_cpu_ms"), self.med("large", "cold", "reader_cpu_ms")
        w("| DataGen cold epoch (2 image threads; in-service decode %s ms per image, wall) | %s | | %s | %s | | %s | %d |" % (
            fmt(self.med("large", "cold", "decode_ms"), 0), fmt(self.med("large", "cold"), 1),
            fmt(sv + rd, 1) if sv is not None else "-", fmt(cores * 1000 / (sv + rd), 1) if sv else "-",
            self.load_cell("large"), self.n("large", "cold")))
        for part, label in (("large-pil-full", "PIL full decode + resize (`Image.open(p).convert(\"RGB\").resize((224, 224), BILINEAR)`)"),
                            ("large-opencv-1t", "The jar's ImageCodec with OpenCV alone, decode + resize"),
                            ("large-codec-1t", "The jar's ImageCodec with its default decoder (TurboJPEG), decode + resize"),
                            ("large-pil-draft", "PIL draft mode (`im.draft(\"RGB\", (224, 224))`: reduced DCT decode) + resize")):
            one = self.med(part, "decode")
            if one is None:
                continue
            sizes = [r.get("decoded_size") for r in self.b.rows if r["part"] == part and r.get("decoded_size")]
            cpu = self.med(part, "decode", "cpu_ms")
            w("| %s | %s | %s | %s | %s | %s | %s | %d |" % (
                label, fmt(one, 1), fmt(cores * one, 1), fmt(cpu, 1), fmt(cores * 1000 / cpu, 1) if cpu else "-",
                "x".join(map(str, sizes[0])) if sizes else "", self.load_cell(part), self.n(part, "decode")))
        w("")
        cold, full, draft = self.med("large", "cold"), self.med("large-pil-full", "decode"), self.med("large-pil-draft", "decode")
        own = self.med("large-codec-1t", "decode")
        r = []
        if cold and full:
            r.append("DataGen cold epoch / full-decode limit (PIL x %d cores) %.2f" % (cores, cold / (cores * full)))
        if regs and full:
            r.append("registration / full-decode limit %.2f" % (median(regs) / (cores * full)))
        if cold and own:
            r.append("cold epoch / the jar's decoder x %d cores %.2f" % (cores, cold / (cores * own)))
        if cold and draft:
            r.append("cold epoch / PIL draft-mode x %d cores %.2f" % (cores, cold / (cores * draft)))
        full_cpu = self.med("large-pil-full", "decode", "cpu_ms")
        if sv and full_cpu:
            r.append("on CPU time, PIL's full decode / DataGen's cold epoch %.2f" % (full_cpu / (sv + rd)))
        if r:
            w("Ratios of medians (no target): %s. The service decodes 12 MP JPEGs however the jar does: a jar with "
              "reduced-scale JPEG decoding moves the DataGen rows and the ImageCodec rows, not the PIL ones.\n" % "; ".join(r))
        self.cache_check(w, ("large",), n)
        self.log_note(w, x)

    def cache_check(self, w, parts, images):
        # a warm epoch's first batches may be prefetched (and their hits counted) before it starts: it is
        # checked by its misses
        rows = [r for r in self.b.rows if r["part"] in parts and "cache_misses" in r]
        bad = [(r["part"], r["phase"], r["round"], r["cache_misses"], r["cache_hits"]) for r in rows
               if (r["phase"] == "cold" and r["cache_misses"] < 0.95 * images)
               or (r["phase"] == "warm" and r["cache_misses"] > 0.05 * images)]
        odd = [(r["part"], r["round"], r["cache_misses"]) for r in rows if r["phase"] == "cold" and r["cache_misses"] > 1.05 * images]
        w("Cache check (service counters): %s%s\n" % (
            "every cold epoch missed the decoded-sample cache for at least 95%% of its images%s." % (
                ", every warm epoch for at most 5%" if any(r["phase"] == "warm" for r in rows) else "")
            if not bad else "**unexpected** cache counters (part, phase, round, misses, hits) %s." % bad,
            " More misses than images in a cold epoch (part, round, misses; prefetch of the next epoch racing the "
            "first decode?): %s." % odd if odd else ""))

    def log_note(self, w, x):
        log = x.get("service_log")
        if not log:
            return
        count, first, startup = log if len(log) == 3 else (log[0], log[1], 0)
        w("The service's log (at WARN): %d WARN/ERROR line(s) from its start-up thread (`main`: Flyway's H2 version, "
          "SpringDoc's endpoints) and %d after%s\n" % (startup, count, "; the first:" if count else "."))
        if count:
            w("```")
            for line in first:
                w(line[:400])
            w("```\n")

    def load_cell(self, part):
        v = [r["others"] for r in self.b.rows if r["part"] == part and "others" in r]
        return "%.0f%%" % (100 * median(v)) if v else ""

    def targets(self, w):
        t = []
        torch = self.med("pytorch", "epoch")
        one = self.med("opencv-1t", "decode")
        limit = 2 * one if one else None
        own = self.med("codec-1t", "decode")
        own = 2 * own if own else None
        for part, label in (("datagen-uint8", "uint8"), ("datagen-float32", "float32")):
            c, wm = self.med(part, "cold"), self.med(part, "warm")
            if c is None:
                continue
            if torch:
                t.append(("cold %s epoch / PyTorch DataLoader" % label, c / torch, 1.5))
            if limit:
                t.append(("cold %s epoch / 2-core decode+resize limit (OpenCV)" % label, c / limit, 0.8))
            if own:
                t.append(("cold %s epoch / 2 x the service decoder's 1-thread rate (not a target: what serving "
                          "adds to decoding)" % label, c / own, None))
            t.append(("warm %s epoch / cold %s epoch" % (label, label), wm / c, 10.0))
        bucket, folder = self.med("s3-bucket", "cold"), self.med("s3-local", "cold")
        if bucket and folder:
            t.append(("cold uint8 epoch, photos in S3-compatible object storage (s3proxy) / the same photos in a local "
                      "folder", bucket / folder, 0.8))
        recipe, torch_recipe = self.med("datagen-recipe", "cold"), self.med("pytorch-recipe", "epoch")
        if recipe and torch_recipe:
            t.append(("cold ImageNet-recipe epoch (random-resized crop, h-flip, normalize; float32) / PyTorch DataLoader "
                      "with the same recipe", recipe / torch_recipe, 2.0))
        if self.b.mem and len(self.b.mem) > 1:
            hw = [m["VmHWM"] for m in self.b.mem]
            t.append(("peak resident memory (VmHWM), highest / lowest over %d sizes, %dx more images" % (
                len(hw), self.b.mem[-1]["images"] // self.b.mem[0]["images"]), max(hw) / min(hw), 1.2))
        if not t:
            return
        w("## Targets (ratios of medians from this run)\n")
        w("| ratio | value | target | |")
        w("|---|--:|--:|---|")
        for name, v, goal in t:
            if goal is None:
                w("| %s | %.2f | | |" % (name, v))
                continue
            ok = v <= goal if goal == 1.2 else v >= goal
            w("| %s | %.2f | %s %.1f | %s |" % (name, v, "<=" if goal == 1.2 else ">=", goal, "pass" if ok else "**FAIL**"))
        w("")

    def cpu_table(self, w):
        rows = []
        for part, label in (("datagen-uint8", "DataGen uint8 (npy)"), ("datagen-uint8-npz", "DataGen uint8 (npz)"),
                            ("datagen-float32", "DataGen float32 (npy)"),
                            ("datagen-recipe", "DataGen ImageNet recipe, float32 (npy)")):
            for phase in ("cold", "warm"):
                sv, rd = self.med(part, phase, "service_cpu_ms"), self.med(part, phase, "reader_cpu_ms")
                if sv is not None:
                    rows.append(("%s, %s: service + Python reader" % (label, phase), sv + rd,
                                 "%.2f + %.2f" % (sv, rd)))
        if self.n("pytorch", "epoch"):
            rows.append(("PyTorch DataLoader: main process + 2 workers", self.med("pytorch", "epoch", "cpu_ms"), ""))
        if self.n("pytorch-recipe", "epoch"):
            rows.append(("PyTorch DataLoader, ImageNet recipe: main process + 2 workers",
                         self.med("pytorch-recipe", "epoch", "cpu_ms"), ""))
        if self.n("opencv-1t", "decode"):
            rows.append(("OpenCV decode + resize (ImageCodec), 1 thread", self.med("opencv-1t", "decode", "cpu_ms"), ""))
            rows.append(("OpenCV decode + resize (ImageCodec), 2 threads", self.med("opencv-2t", "decode", "cpu_ms"), ""))
        if self.n("codec-1t", "decode"):
            rows.append(("The service's decoder (TurboJPEG + OpenCV resize), 1 thread", self.med("codec-1t", "decode", "cpu_ms"), ""))
            rows.append(("The service's decoder (TurboJPEG + OpenCV resize), 2 threads", self.med("codec-2t", "decode", "cpu_ms"), ""))
        if not rows:
            return
        w("## CPU time per image (less sensitive to a shared machine than wall time)\n")
        w("CPU time of every process doing the work, per image; \"2 cores, CPU-bound\" is 2000 / that, "
          "the rate if the work had both cores to itself and never waited. A projection, not a measurement.\n")
        w("| work | CPU ms per image | split | 2 cores, CPU-bound (img/s) |")
        w("|---|--:|--:|--:|")
        for name, ms, split in rows:
            w("| %s | %.2f | %s | %.0f |" % (name, ms, split, 2000 / ms))
        w("")

    def every_measurement(self, w):
        w("## Every measurement, in run order\n")
        w("| round | part | phase | img/s | MB/s | service cores (JIT) | reader cores | other load |")
        w("|--:|---|---|--:|--:|--:|--:|--:|")
        for r in self.b.rows:
            svc = "%.2f (%.2f)" % (r["service_cores"], r["jit_cores"]) if "jit_cores" in r else ""
            w("| %d | %s | %s | %.0f | %.0f | %s | %s | %s |" % (
                r["round"], r["part"], r["phase"], r["rate"], r["mbps"], svc,
                "%.2f" % r["reader_cores"] if "reader_cores" in r else "",
                "%.0f%%" % (100 * r["others"]) if "others" in r else ""))
        w("")

    def memory_table(self, w):
        a = self.b.a
        w("## Resident memory while the dataset grows\n")
        w("Each size: a fresh service (`%s`), register, one cold and one warm float32 epoch; `/proc/<pid>/status` "
          "sampled every 100 ms. MiB.\n" % " ".join(a.jvm))
        w("| images | VmHWM | peak VmRSS | peak RssAnon | peak RssFile | end RssAnon | end RssFile | heap committed at end | heap live after full GC | cold img/s | warm img/s |")
        w("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for m in self.b.mem:
            w("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %.0f |" % (
                m["images"], mb(m["VmHWM"]), mb(m["peak_VmRSS"]), mb(m["peak_RssAnon"]), mb(m["peak_RssFile"]),
                mb(m["end_RssAnon"]), mb(m["end_RssFile"]), mb(m["heap_committed"]), mb(m.get("heap_live")),
                m["images"] / m["cold_seconds"], m["images"] / m["warm_seconds"]))
        w("")
        first, last = self.b.mem[0], self.b.mem[-1]
        w("Largest over smallest dataset: VmHWM %.2fx, peak RssAnon %.2fx. The JVM sizes its heap (up to -Xmx) by "
          "allocation rate and GC timing, not only by what it keeps, so the resident set need not follow the dataset "
          "size either way; \"heap live after full GC\" (`jcmd GC.run` after the warm epoch) is what the service "
          "retains.\n" % (last["VmHWM"] / first["VmHWM"], last["peak_RssAnon"] / first["peak_RssAnon"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke test: defaults 500 images, 1 round, 1 warm epoch, "
                    "memory at 100 and 1000 images; results to bench/out/results-quick.md")
    ap.add_argument("--images", type=int, help="images per throughput epoch (default 2000)")
    ap.add_argument("--large-images", type=int, help="12 MP photos of the large part (default 200)")
    ap.add_argument("--runs", type=int, help="rounds; medians are over them (default 3)")
    ap.add_argument("--warm-epochs", type=int, help="warm epochs per DataGen round (default 2)")
    ap.add_argument("--mem-sizes", help="dataset sizes of the memory test (default 2000,5000,10000,20000)")
    ap.add_argument("--no-2readers", dest="readers2", action="store_false")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-recipe", action="store_true", help="leave out the ImageNet training recipe rows")
    ap.add_argument("--only", metavar="PART,...", help="run only these parts, of: %s (e.g. --only recipe); the "
                    "report goes to bench/out/results-only-PARTS.md" % ",".join(PARTS))
    ap.add_argument("--port", type=int, default=18484)
    ap.add_argument("--jvm", default="-Xmx2g", help="JVM flags of the service (one string)")
    ap.add_argument("--results", default=None)
    ap.add_argument("--report", metavar="RESULTS_JSON", help="only write the report again from a results JSON")
    ap.add_argument("--decode-cp")
    ap.add_argument("--argv", default="")
    a = ap.parse_args()
    a.argv = a.argv.split()
    a.jvm = a.jvm.split()
    for key, full, quick in (("images", 2000, 500), ("large_images", 200, 50), ("runs", 3, 1), ("warm_epochs", 2, 1),
                             ("mem_sizes", "2000,5000,10000,20000", "100,1000")):
        if getattr(a, key) is None:
            setattr(a, key, quick if a.quick else full)
    a.mem_sizes = [int(x) for x in a.mem_sizes.split(",") if x]
    if a.only:
        a.parts = [p for p in a.only.split(",") if p]
        unknown = [p for p in a.parts if p not in PARTS]
        if unknown or not a.parts:
            ap.error("--only: unknown part(s) %s; the parts are %s" % (",".join(unknown), ",".join(PARTS)))
    else:
        skip = {"memory"} if a.skip_memory else set()
        if a.skip_throughput:
            skip |= set(PARTS) - {"memory"}
        if not a.readers2:
            skip.add("2readers")
        if a.skip_recipe:
            skip.add("recipe")
        a.parts = [p for p in PARTS if p not in skip]
    if a.results is None:
        if a.only:  # a partial run never replaces the full run's report (or its raw numbers)
            a.results = os.path.join(OUT, "results-%sonly-%s.md" % ("quick-" if a.quick else "", "-".join(a.parts)))
        else:
            a.results = os.path.join(OUT, "results-quick.md") if a.quick else os.path.join(HERE, "results.md")
    if a.report:
        with open(a.report) as f:
            write_report(json.load(f), a.results)
        return
    common.install_cleanup()
    Bench(a).run()


if __name__ == "__main__":
    main()
