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
  nginx (http_ceiling.py): on the same service, one generator's warm epochs read as npz and as the npy stream,
      next to nginx serving the very bytes of one of its warm epochs as static files, read by the same reader.
Object storage (s3), its own service and rounds: s3proxy (filesystem backend, unsigned requests) as a child
    process, the photos PUT into a bucket; one service with the folder and s3://BUCKET/photos as roots; each
    round registers the same list files from the folder and from the bucket (order alternating) and reads a
    cold and warm uint8 epochs of each (s3-local, s3-bucket).
12 MP photos (large), its own service and rounds: large_photos.py's 4032x3024 JPEGs to 224x224 uint8:
    registration and a cold epoch (large), next to one thread's PIL full decode + resize and draft-mode
    decode + resize (pil_decode.py) and DecodeBench.java's ImageCodec (OpenCV alone; the jar's decoder), 1 thread.
The first epoch after start (firststart), its own services (first_start.py): each round a fresh service
    process (--firststart-jvm, default --jvm), no warm-up, timed to health UP, the photos registered as a dataset
    it has never seen, a cold uint8 epoch read (npy stream), the service stopped.
Memory: for each dataset size (default 2,000 and 20,000), a fresh service (JVM flags --mem-jvm, by default
none: the JVM's own heap sizing), register, one cold and one warm float32 epoch, /proc/<pid>/status sampled
every 100 ms; the JVM's maximum heap (jcmd VM.flags) recorded.

--only PART,... runs just those parts (uint8, npz, float32, 2readers, pytorch, opencv, codec, recipe, nginx,
s3, large, firststart, memory) and writes its report to bench/out/results-only-PARTS.md, so it never replaces bench/results.md.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

import common
import first_start
import http_ceiling
from common import HERE, IMAGENET_MEAN, IMAGENET_STD, OUT, PARTS, RECIPE, S3_BASE, S3_BUCKET, S3_PREFIX, log
from reader import Reader
from report import write_report
from tables import mb


# the largest value a normalized pixel can take, (1 - mean) / std, with room for float32 rounding
RECIPE_MAX = max((1 - m) / s for m, s in zip(IMAGENET_MEAN, IMAGENET_STD)) + 0.01


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
                res, extra, load, _ = self.datagen_epoch(svc, reader, gen["id"], epoch, batches, expect, store_pid)
                if epoch == 0:
                    extra["register_seconds"] = reg
                self.record(part, "cold" if epoch == 0 else "warm", rnd, res, extra, load)
        finally:
            reader.close()
        svc.delete(name)
        common.quiesce(svc.pid)

    def datagen_epoch(self, svc, reader, gen_id, epoch, batches, expect=None, store_pid=None, before=None):
        """One epoch read by `reader`, timed, with the service's counters and the CPU time of the service (and of
        its JIT compilers), of this process (the reader) and of the object store around it. Returns (the reader's
        result, the row's fields, the machine load, the counters after); before: the counters to count from
        (default: read now)."""
        before = before or svc.counters()
        cpu0, own0, jit0 = svc.cpu_seconds(), os.times(), common.compiler_cpu(svc.pid)
        st0 = common.proc_cpu(store_pid) if store_pid else 0.0
        res, load = self.timed(lambda: reader.epoch(gen_id, epoch, batches, expect=expect))
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
        return res, extra, load, after

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
        self.decode_harness(rnd, cmd, lambda r: "%s-%dt" % (part, r["threads"]))

    def pil(self, rnd):
        """PIL (Debian's, on its SIMD libjpeg-turbo) decode + bilinear resize of the same photos on one thread:
        the other candidate for the best single-core decode+resize the 2-core limit is made of."""
        cmd = ["/usr/bin/python3", os.path.join(HERE, "pil_decode.py"), self.lists[0], self.photos, "--modes", "full"]
        self.commands.setdefault("pil", " ".join(cmd))
        self.decode_harness(rnd, cmd, lambda r: "pil-1t")

    def decode_harness(self, rnd, cmd, part_of):
        """Runs a decode harness (`DecodeBench`, `pil_decode.py`: a JSON line per measurement, 224x224 RGB
        images) and records each line as the part `part_of(line)` names, with its CPU (and, from
        `pil_decode.py`, decoding) time per image."""
        out, load = self.timed(lambda: subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        for line in out.splitlines():
            r = json.loads(line)
            r["bytes"] = r["images"] * 224 * 224 * 3
            extra = {"cpu_ms": 1000 * r["cpu_seconds"] / r["images"]}
            if "decode_seconds" in r:
                extra.update(decode_ms=1000 * r["decode_seconds"] / r["images"], decoded_size=r["decoded_size"])
            self.record(part_of(r), "decode", rnd, r, extra, load)

    def codec(self, rnd):
        self.opencv(rnd, "service", "codec")

    # ------------------------------------------------------------ phases

    # the throughput parts that read from the service; the others (pytorch, opencv, codec) run without one
    SERVICE_PARTS = {"uint8", "npz", "float32", "recipe", "2readers", "nginx"}

    def throughput(self):
        a = self.a
        svc = None
        if self.SERVICE_PARTS & set(a.parts):
            svc = common.Service(os.path.join(OUT, "run", "storage-throughput"), self.photos, a.port, a.jvm).start()
            self.load.service_pid = svc.pid
            self.commands["service"] = " ".join(svc.cmd)
        ceiling = http_ceiling.HttpCeiling(self)
        try:
            if svc is not None:
                common.warm_up(svc, self.photos, a.images, most=1 if a.quick else 6,
                               recipes=[RECIPE] if "recipe" in a.parts else [])
            parts = [("uint8", "datagen-uint8", lambda k: self.datagen_epochs(svc, k, "uint8", 100 + k)),
                     ("npz", "datagen-uint8-npz", lambda k: self.datagen_epochs(svc, k, "uint8", 400 + k, "npz")),
                     ("float32", "datagen-float32", lambda k: self.datagen_epochs(svc, k, "float32", 200 + k)),
                     ("pytorch", "pytorch", self.pytorch),
                     ("opencv", "opencv", self.opencv),
                     ("opencv", "pil", self.pil),
                     ("codec", "codec", self.codec),
                     ("recipe", "datagen-recipe", lambda k: self.datagen_epochs(svc, k, "float32", 500 + k, recipe=RECIPE)),
                     ("recipe", "pytorch-recipe", self.pytorch_recipe),
                     ("2readers", "datagen-2readers", lambda k: self.datagen_two_readers(svc, k, 300 + k)),
                     ("nginx", "nginx", lambda k: ceiling.round(svc, k))]
            parts = [(name, fn) for group, name, fn in parts if group in a.parts]
            for k in range(1, a.runs + 1):
                shift = (k - 1) % len(parts)
                for name, fn in parts[shift:] + parts[:shift]:
                    fn(k)
        finally:
            ceiling.finish()
            if svc is not None:
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
        self.decode_harness(rnd, cmd, lambda r: "large-pil-" + r["mode"])

    def memory(self):
        a = self.a
        self.mem = []
        runs = [(n, 2) for n in a.mem_sizes]
        if len(a.mem_sizes) > 1:
            # not a target: the smallest dataset served as many images as the largest, to tell what the dataset's
            # size adds to the peak from what a longer time under load adds
            small, large = min(a.mem_sizes), max(a.mem_sizes)
            runs.append((small, 2 * large // small))
        for n, epochs in runs:
            lists = common.lists_for(self.photos, n)
            svc = common.Service(os.path.join(OUT, "run", "storage-mem-%d-x%d" % (n, epochs)), self.photos, a.port, a.mem_jvm).start()
            self.commands.setdefault("service (memory)", " ".join(svc.cmd))
            # what start-up alone reached, before any dataset: the rest of the peak is the dataset's and its epochs'
            started = common.proc_status(svc.pid).get("VmHWM")
            sampler = common.MemorySampler(svc.pid)
            sampler.start()
            try:
                t0 = time.perf_counter()
                svc.register("mem", self.photos, *lists)
                reg = time.perf_counter() - t0
                gen = svc.generator("mem", "float32", 7)
                r = Reader(svc.url)
                times = []
                for e in range(epochs):
                    res = r.epoch(gen["id"], e, gen["batchesPerEpoch"])
                    times.append(res["seconds"])
                r.close()
                common.quiesce(svc.pid)
                heap = svc.metric("jvm.memory.committed?tag=area:heap").get("VALUE")
                peak, last = sampler.finish()
                # what the service keeps: the heap still in use after a full collection
                subprocess.run([common.jdk_tool("jcmd"), str(svc.pid), "GC.run"], capture_output=True, timeout=120)
                live = svc.metric("jvm.memory.used?tag=area:heap").get("VALUE")
                # the heap the JVM may grow to: -Xmx, or with no -Xmx its default (a quarter of the RAM); asked
                # after the sampling, since jcmd attaching starts a thread in the service
                heap_max = common.max_heap(svc)
            finally:
                svc.stop()
            row = {"images": n, "epochs": epochs, "register_seconds": reg, "cold_seconds": times[0],
                   "warm_seconds": statistics.median(times[1:]),
                   "VmHWM": peak.get("VmHWM"), "start_VmHWM": started, "peak_VmRSS": peak.get("VmRSS"), "peak_RssAnon": peak.get("RssAnon"),
                   "peak_RssFile": peak.get("RssFile"), "end_VmRSS": last.get("VmRSS"),
                   "end_RssAnon": last.get("RssAnon"), "end_RssFile": last.get("RssFile"),
                   "heap_committed": heap, "heap_live": live, "samples": sampler.samples,
                   "jvm_flags": svc.jvm_flags, "heap_max": heap_max}
            self.mem.append(row)
            log("memory %6d images x %d epochs: VmHWM %s MB, peak RssAnon %s MB, peak RssFile %s MB; cold %.1f img/s, warm %.1f img/s" % (
                n, epochs, mb(row["VmHWM"]), mb(row["peak_RssAnon"]), mb(row["peak_RssFile"]), n / times[0], n / times[1]))

    def run(self):
        a = self.a
        self.facts = common.machine_facts()
        # before any part, so that no part's freed memory flatters the first write
        self.facts["page_cache"] = common.page_cache_rates(os.path.join(OUT, "run"))
        jar = "" if common.JAR == common.BUILT_JAR else "DATAGEN_JAR=%s " % common.JAR
        jar += "" if common.JAVA == "java" else "BENCH_JAVA=%s " % common.JAVA
        self.commands = {"run": jar + "bash bench/run.sh " + " ".join(a.argv)}
        started = self.load.snapshot()
        self.started = datetime.datetime.now().astimezone()
        self.photos = common.materialize_photos(max([a.images] + (a.mem_sizes if "memory" in a.parts else [])))
        self.lists = common.lists_for(self.photos, a.images)
        self.decode_cp = a.decode_cp
        self.extras = {}
        if set(a.parts) - {"memory", "s3", "large", "firststart"}:
            self.throughput()
        if "s3" in a.parts:
            self.s3()
        if "large" in a.parts:
            self.large()
        if "firststart" in a.parts:
            first_start.run(self)
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


# options whose value is a string of JVM flags, which argparse would take for an option of its own when it
# is a single flag ("--jvm -Xmx2g")
JVM_OPTIONS = ("--jvm", "--mem-jvm", "--firststart-jvm")


def joined_flags(argv):
    """argv with `--jvm FLAGS` written `--jvm=FLAGS`, which argparse reads whatever FLAGS starts with."""
    out = []
    i = 0
    while i < len(argv):
        if argv[i] in JVM_OPTIONS and i + 1 < len(argv):
            out.append(argv[i] + "=" + argv[i + 1])
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke test: defaults 500 images, 1 round, 1 warm epoch, "
                    "memory at 100 and 1000 images; results to bench/out/results-quick.md")
    ap.add_argument("--images", type=int, help="images per throughput epoch (default 2000)")
    ap.add_argument("--large-images", type=int, help="12 MP photos of the large part (default 200)")
    ap.add_argument("--runs", type=int, help="rounds; medians are over them (default 3)")
    ap.add_argument("--warm-epochs", type=int, help="warm epochs per DataGen round (default 2)")
    ap.add_argument("--mem-sizes", help="dataset sizes of the memory test (default 2000,20000)")
    ap.add_argument("--no-2readers", dest="readers2", action="store_false")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-recipe", action="store_true", help="leave out the ImageNet training recipe rows")
    ap.add_argument("--only", metavar="PART,...", help="run only these parts, of: %s (e.g. --only recipe); the "
                    "report goes to bench/out/results-only-PARTS.md" % ",".join(PARTS))
    ap.add_argument("--port", type=int, default=18484)
    ap.add_argument("--jvm", default="-Xmx2g -XX:TieredStopAtLevel=1", help="JVM flags of the service (one string; "
                    "by default the documented ones, docs/configuration.md, with a 2 GB heap)")
    ap.add_argument("--firststart-jvm", default="-XX:TieredStopAtLevel=1", help="JVM flags of the firststart "
                    "part's services (one string; by default those `./mvnw spring-boot:run` starts it with, no -Xmx), e.g. "
                    "\"-XX:AOTCache=app.aot\" with BENCH_JAVA a JDK 25's java")
    ap.add_argument("--mem-jvm", default="", help="JVM flags of the memory part's services (one string; default "
                    "none: the JVM's own heap sizing)")
    ap.add_argument("--results", default=None)
    ap.add_argument("--report", metavar="RESULTS_JSON", help="only write the report again from a results JSON")
    ap.add_argument("--decode-cp")
    ap.add_argument("--argv", default="")
    a = ap.parse_args(joined_flags(sys.argv[1:]))
    a.argv = a.argv.split()
    a.jvm = a.jvm.split()
    a.mem_jvm = a.mem_jvm.split()
    a.firststart_jvm = a.jvm if a.firststart_jvm is None else a.firststart_jvm.split()
    for key, full, quick in (("images", 2000, 500), ("large_images", 200, 50), ("runs", 3, 1), ("warm_epochs", 2, 1),
                             ("mem_sizes", "2000,20000", "100,1000")):
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
    if "nginx" in a.parts and not a.report and not os.access(http_ceiling.NGINX, os.X_OK):
        ap.error("the nginx part needs %s (Debian's nginx-light; or BENCH_NGINX=path), or leave it out" % http_ceiling.NGINX)
    if a.report:
        with open(a.report) as f:
            write_report(json.load(f), a.results)
        return
    common.install_cleanup()
    Bench(a).run()


if __name__ == "__main__":
    main()
