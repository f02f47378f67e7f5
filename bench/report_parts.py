"""The report sections of the parts that run a service of their own: s3 (a bucket vs a folder) and large
(12 MP photos). Mixed into report.Report, whose med/n/load_cell/cache_check/log_note they use."""
from common import S3_BASE, S3_BUCKET, S3_PREFIX
from tables import fmt, median


class S3Section:
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


class LargeSection:
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
