#!/usr/bin/env python3
"""make bench: the kernel benchmark on the real layer shapes, per emulated core.

For each core, runs build/<core>/bench/bench_layers.elf under the project's profiler (cmnn-prof,
QEMU plugin + cycle models) so that every kernel call is one profile region, then joins the regions
with the firmware's per-call lines (variant, scratch, stack, checksum) and with CMSIS-NN's figures
for the same layer (../shared/bench/anchors.json: instructions and lab-m4 cycles;
../shared/bench/anchors-cycles.json: CMSIS-NN's cycles under the same cmnn-prof model, its MVE
code on M55). Writes, under --out:
  bench.json            every figure (schema: docs/benchmarks.md)
  <core>.md             one table per model: per call instructions (exact), estimated cycles, per MAC,
                        scratch and stack bytes, and the ratio to CMSIS-NN
  <core>-cycles.svg     per-layer estimated cycles of the fastest variant against CMSIS-NN
Cycle figures are estimates from the cycle models (docs/cycle-models.md); instructions are exact.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_LINE = re.compile(r"^@@cmnn-bench (.*)$")


def parse_bench_lines(text):
    calls = {}
    for line in text.splitlines():
        m = BENCH_LINE.match(line.strip())
        if not m:
            continue
        fields = dict(kv.split("=", 1) for kv in m.group(1).split())
        if fields.get("variant", "-") == "-":
            continue
        name = "%s/%s/%s/%s" % (fields["model"], fields["idx"], fields["op"], fields["variant"])
        calls[name] = fields
    return calls


def profile(core, elf, args, out_dir, prof_tool):
    """Runs the ELF under cmnn-prof; returns (guest stdout, {region: {"insns": n, "cycles": {model: n}}})."""
    json_path = os.path.join(out_dir, "%s-profile.json" % core)
    models = list(dict.fromkeys([core, "lab-m4"]))
    cmd = [prof_tool, "run", "--core", core, "--json", json_path, "--quiet",
           "--profile", os.path.join(out_dir, "%s-profile.txt" % core)]
    for m in models:
        cmd += ["--model", m]
    cmd += [elf] + args
    print("bench:", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:])
        raise SystemExit("bench: profiling %s on %s failed (status %d)" % (elf, core, result.returncode))
    with open(elf[:-len(".elf")] + ".stdout.txt") as f:
        stdout = f.read()
    with open(json_path) as f:
        prof = json.load(f)
    regions = {}
    for r in prof["regions"]:
        regions[r["name"]] = {"insns": r["instructions"],
                              "cycles": {m: r["cycles_" + m.replace("-", "_")] for m in models}}
    return stdout, regions


def load_anchors(path):
    """-> {core: {model: {idx: layer_record}}} from anchors.json (absent file: {})."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        a = json.load(f)
    out = {}
    for core, c in a.get("cores", {}).items():
        for model, m in c.get("models", {}).items():
            out.setdefault(core, {})[model] = {l["idx"]: l for l in m.get("layers", [])}
    return out


def load_anchor_cycles(path):
    """-> {core: {model: {idx: est. cycles of CMSIS-NN under cmnn-prof's model of that core}}} from
    anchors-cycles.json (CMSIS-NN v7, its MVE code on M55; absent file: {})."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        a = json.load(f)
    out = {}
    for core, c in a.get("cores", {}).items():
        key = "est_cycles_" + core
        for model, m in c.get("models", {}).items():
            out.setdefault(core, {})[model] = {l["idx"]: l.get(key) for l in m.get("layers", [])}
    return out


def shape_text(l):
    op = l["op"]
    if op == "fully_connected":
        return "%d->%d" % (l["in_c"], l["out_c"])
    if op in ("add", "softmax"):
        return "%dx%dx%d" % (l["in_h"], l["in_w"], l["in_c"])
    text = "%dx%dx%d k%dx%d s%d p%d%d%d%d ->%dx%dx%d" % (
        l["in_h"], l["in_w"], l["in_c"], l["filter_h"], l["filter_w"], l["stride_h"],
        l["pad_top"], l["pad_left"], l["pad_bottom"], l["pad_right"], l["out_h"], l["out_w"], l["out_c"])
    if op == "depthwise_conv2d" and l["ch_mult"] != 1:
        text += " m%d" % l["ch_mult"]
    return text


def ratio(a, b):
    return (float(a) / b) if a and b else None


def fmt_ratio(r):
    return "%.2fx" % r if r else "-"


def svg_plot(core, model_rows, path):
    """Grouped bars per layer: cmnn (fastest variant) vs CMSIS-NN, estimated cycles, log-free linear scale."""
    rows = [r for r in model_rows if r["best"] is not None]
    if not rows:
        return
    width, bar_h, gap, left = 900, 9, 8, 260
    height = 40 + len(rows) * (2 * bar_h + gap) + 40
    peak = max(max(r["best"]["cycles_model"] or 0, r["cmsis_cycles"] or 0) for r in rows) or 1
    scale = (width - left - 80) / peak
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="10">' % (width, height),
           '<text x="10" y="18" font-size="13">Estimated cycles per layer (%s model; estimates, not measurements): '
           'cmnn fastest variant (blue) vs CMSIS-NN (grey)</text>' % core]
    y = 36
    for r in rows:
        label = "%s #%d %s" % (r["model"], r["idx"], r["op"])
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 6, y + bar_h + 3, label))
        c = r["best"]["cycles_model"] or 0
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="#2b6cb0"/>' % (left, y, c * scale, bar_h))
        if r["cmsis_cycles"]:
            out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="#a0aec0"/>' % (left, y + bar_h, r["cmsis_cycles"] * scale, bar_h))
        out.append('<text x="%.1f" y="%d">%s</text>' % (left + max(c, r["cmsis_cycles"] or 0) * scale + 4, y + bar_h + 3,
                                                       fmt_ratio(ratio(r["cmsis_cycles"], c)) if r["cmsis_cycles"] else ""))
        y += 2 * bar_h + gap
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))


def write_docs(result, a):
    """docs/benchmarks.md: model totals per core against CMSIS-NN, then per layer the fastest variant."""
    docs_dir = os.path.dirname(os.path.abspath(a.docs))
    img_dir = os.path.join(docs_dir, "img")
    os.makedirs(img_dir, exist_ok=True)
    lines = ["# cmnn benchmarks (generated by `make bench`; do not edit)", "",
             "Each kernel call of every layer in `../shared/bench/layers.json` runs alone on the emulated core with "
             "deterministic data, inside its own profiler region (method: `../shared/bench/anchors.md`, "
             "docs/measurement.md). **Instructions are exact; every cycle figure is an estimate** of a cycle model "
             "(docs/cycle-models.md). CMSIS-NN figures are from `../shared/bench/anchors.json`; they were estimated with "
             "the lab Cortex-M4 model, so cmnn's M4 figures are also given under that model (`lab-m4`) to compare like "
             "with like. Ratios above 1 mean cmnn is faster.", "",
             "## Model totals (fastest variant per layer)", "",
             "CMSIS-NN est. cycles (own model) are CMSIS-NN v7's kernels (its MVE code on M55) under the same cmnn-prof "
             "model as cmnn's column beside them (`../shared/bench/anchors-cycles.json`).", "",
             "| core | model | MACs | cmnn insns | CMSIS-NN insns | insns ratio | cmnn est. cycles (own model) "
             "| CMSIS-NN est. cycles (own model) | own-model ratio "
             "| cmnn est. cycles (lab-m4) | CMSIS-NN est. cycles (lab-m4) | lab-m4 ratio |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for core, c in result["cores"].items():
        for model, m in c["models"].items():
            t = m["total_fastest"]
            lab_ok = core in ("m3", "m4")
            own = t.get("cmsis_cycles_model")
            lines.append("| %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s | %s | %s |" % (
                core, model, "{:,}".format(t["macs"]), "{:,}".format(t["instructions"]),
                "{:,}".format(t["cmsis_instructions"]), fmt_ratio(ratio(t["cmsis_instructions"], t["instructions"])),
                "{:,}".format(t["cycles_model"]), core, "{:,}".format(own) if own else "-",
                fmt_ratio(ratio(own, t["cycles_model"])), "{:,}".format(t["cycles_lab_m4"]) if lab_ok else "-",
                "{:,}".format(t["cmsis_lab_m4_cycles"]) if lab_ok else "-",
                fmt_ratio(ratio(t["cmsis_lab_m4_cycles"], t["cycles_lab_m4"])) if lab_ok else "-"))
    for core, c in result["cores"].items():
        svg = "%s-cycles.svg" % core
        src = os.path.join(a.out, svg)
        if os.path.exists(src):
            with open(src) as f, open(os.path.join(img_dir, "bench-" + svg), "w") as g:
                g.write(f.read())
        lines += ["", "## Per layer on %s (fastest variant)" % core, "", "![per-layer estimated cycles](img/bench-%s)" % svg, "",
                  "| model | # | op | shape | MACs | variant | insns | insn/MAC | est. cycles (%s) | est. cyc/MAC | scratch B | stack B "
                  "| vs CMSIS-NN insns | CMSIS-NN est. cycles (%s) | vs CMSIS-NN (%s cycles) |%s" % (
                      core, core, core, " vs CMSIS-NN lab-m4 cycles |" if core == "m4" else ""),
                  "|---|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%s" % ("---:|" if core == "m4" else "")]
        for model, m in c["models"].items():
            for idx in sorted(m["layers"], key=int):
                lr = m["layers"][idx]
                e = lr["variants"][lr["fastest"]]
                cyc = e["estimated_cycles"].get(core)
                own = e.get("cmsis_nn_cycles_model")
                row = "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %s | %s | %s |" % (
                    model, lr["idx"], lr["op"], lr["shape"], "{:,}".format(lr["macs"]) if lr["macs"] else "-", e["variant"],
                    "{:,}".format(e["instructions"]), "%.2f" % e["instructions_per_mac"] if e["instructions_per_mac"] else "-",
                    "{:,}".format(cyc), "%.2f" % (cyc / lr["macs"]) if lr["macs"] else "-", e["scratch_bytes"], e["stack_bytes"],
                    fmt_ratio(ratio(e["cmsis_nn_instructions"], e["instructions"])), "{:,}".format(own) if own else "-",
                    fmt_ratio(ratio(own, cyc)))
                if core == "m4":
                    row += " %s |" % fmt_ratio(ratio(e["cmsis_nn_lab_m4_cycles"], e["estimated_cycles"].get("lab-m4")))
                lines.append(row)
    with open(a.docs, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("bench: wrote %s" % a.docs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cores", default="m4,m7", help="comma-separated cores (m3, m4, m7, m55)")
    ap.add_argument("--layers", default=os.path.join(ROOT, "..", "shared", "bench", "layers.json"))
    ap.add_argument("--anchors", default=os.path.join(ROOT, "..", "shared", "bench", "anchors.json"))
    ap.add_argument("--anchor-cycles", default=os.path.join(ROOT, "..", "shared", "bench", "anchors-cycles.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--model", default="", help="only this model of the layer list")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--docs", default="", help="also write this Markdown summary (e.g. docs/benchmarks.md) and its plots beside it")
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    with open(a.layers) as f:
        layer_list = json.load(f)
    layers = {(m["model"], l["idx"]): l for m in layer_list["models"] for l in m["layers"]}
    anchors = load_anchors(a.anchors)
    anchor_cycles = load_anchor_cycles(a.anchor_cycles)
    result = {"format": "cmnn-bench", "version": 1, "layers_file": os.path.abspath(a.layers),
              "note": "instructions are exact (QEMU, -icount); cycles are ESTIMATES from cmnn's cycle models",
              "cores": {}}
    checksums = {}
    exit_status = 0
    for core in a.cores.split(","):
        elf = os.path.join(a.build, core, "bench", "bench_layers.elf")
        prof_tool = os.path.join(a.build, core, "cmnn-prof")
        args = [os.path.abspath(a.layers)] + (["--model=" + a.model] if a.model else [])
        stdout, regions = profile(core, elf, args, a.out, prof_tool)
        calls = parse_bench_lines(stdout)
        core_result = {"models": {}}
        md = ["# cmnn kernel benchmark on emulated Cortex-%s" % core.upper(), "",
              "Instructions are exact (QEMU TCG plugin, `-icount`). Cycles are **estimated** by cmnn's %s model "
              "and, for comparison with CMSIS-NN's published figures, by the lab Cortex-M4 model (`lab-m4`, the model "
              "anchors.json uses). Ratios > 1 mean cmnn needs fewer." % core, ""]
        plot_rows = []
        for name, call in sorted(calls.items(), key=lambda kv: (kv[1]["model"], int(kv[1]["idx"]))):
            model, idx, op, variant = call["model"], int(call["idx"]), call["op"], call["variant"]
            layer = layers[(model, idx)]
            reg = regions.get(name)
            if reg is None:
                raise SystemExit("bench: no profile region for %s" % name)
            if call["status"] != "ok":
                exit_status = 1
            anchor = anchors.get(core, {}).get(model, {}).get(idx, {})
            m4_anchor = anchors.get("m4", {}).get(model, {}).get(idx, {})
            macs = layer["macs"]
            entry = {
                "variant": variant, "status": call["status"], "instructions": reg["insns"],
                "estimated_cycles": reg["cycles"], "scratch_bytes": int(call["scratch"]),
                "stack_bytes": int(call["stack"]), "checksum": call["checksum"],
                "instructions_per_mac": reg["insns"] / macs if macs else None,
                "cmsis_nn_instructions": anchor.get("insns"),
                "cmsis_nn_lab_m4_cycles": m4_anchor.get("m4_model_cycles"),
                "cmsis_nn_cycles_model": anchor_cycles.get(core, {}).get(model, {}).get(idx),
            }
            checksums.setdefault((model, idx), {})["%s/%s" % (core, variant)] = call["checksum"]
            mr = core_result["models"].setdefault(model, {"layers": {}})
            lr = mr["layers"].setdefault(str(idx), {"idx": idx, "op": op, "shape": shape_text(layer), "macs": macs,
                                                    "variants": {}})
            lr["variants"][variant] = entry
        # Per model tables and totals over the fastest variant of each layer.
        for model, mr in core_result["models"].items():
            total = {"instructions": 0, "cycles_model": 0, "cycles_lab_m4": 0, "cmsis_instructions": 0,
                     "cmsis_lab_m4_cycles": 0, "cmsis_cycles_model": 0, "macs": 0}
            md += ["## %s" % model, "",
                   "| # | op | shape | MACs | variant | insns | insn/MAC | est. cycles (%s) | cyc/MAC | est. cycles (lab-m4) "
                   "| scratch B | stack B | CMSIS-NN insns | vs CMSIS-NN (insns) | vs CMSIS-NN (lab-m4 cycles) "
                   "| CMSIS-NN est. cycles (%s) | vs CMSIS-NN (%s cycles) |" % (core, core, core),
                   "|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for idx in sorted(mr["layers"], key=int):
                lr = mr["layers"][idx]
                best = min(lr["variants"].values(), key=lambda e: e["estimated_cycles"].get(core, e["instructions"]))
                lr["fastest"] = best["variant"]
                for e in sorted(lr["variants"].values(), key=lambda e: e["variant"]):
                    cyc = e["estimated_cycles"].get(core)
                    lab = e["estimated_cycles"].get("lab-m4")
                    own = e["cmsis_nn_cycles_model"]
                    md.append("| %d | %s | %s | %s | %s%s | %d | %s | %s | %s | %s | %d | %d | %s | %s | %s | %s | %s |" % (
                        lr["idx"], lr["op"], lr["shape"], "{:,}".format(lr["macs"]) if lr["macs"] else "-",
                        e["variant"], " **(fastest)**" if e is best and len(lr["variants"]) > 1 else "",
                        e["instructions"], "%.2f" % e["instructions_per_mac"] if e["instructions_per_mac"] else "-",
                        "{:,}".format(cyc) if cyc else "-", "%.2f" % (cyc / lr["macs"]) if cyc and lr["macs"] else "-",
                        "{:,}".format(lab) if lab else "-", e["scratch_bytes"], e["stack_bytes"],
                        "{:,}".format(e["cmsis_nn_instructions"]) if e["cmsis_nn_instructions"] else "-",
                        fmt_ratio(ratio(e["cmsis_nn_instructions"], e["instructions"])),
                        fmt_ratio(ratio(e["cmsis_nn_lab_m4_cycles"], lab)), "{:,}".format(own) if own else "-",
                        fmt_ratio(ratio(own, cyc))))
                total["instructions"] += best["instructions"]
                total["cycles_model"] += best["estimated_cycles"].get(core, 0)
                total["cycles_lab_m4"] += best["estimated_cycles"].get("lab-m4", 0)
                total["cmsis_instructions"] += best["cmsis_nn_instructions"] or 0
                total["cmsis_lab_m4_cycles"] += best["cmsis_nn_lab_m4_cycles"] or 0
                total["cmsis_cycles_model"] += best["cmsis_nn_cycles_model"] or 0
                total["macs"] += lr["macs"]
                plot_rows.append({"model": model, "idx": lr["idx"], "op": lr["op"],
                                  "best": {"cycles_model": best["estimated_cycles"].get("lab-m4") if core == "m4"
                                           else best["estimated_cycles"].get(core)},
                                  "cmsis_cycles": best["cmsis_nn_lab_m4_cycles"] if core == "m4"
                                  else best["cmsis_nn_cycles_model"]})
            mr["total_fastest"] = total
            md += ["", "Total (fastest variant per layer): %s instructions, %s estimated %s cycles, %s estimated lab-m4 cycles; "
                   "CMSIS-NN: %s instructions (%s), %s lab-m4 cycles (%s), %s estimated %s cycles (%s)." % (
                       "{:,}".format(total["instructions"]), "{:,}".format(total["cycles_model"]), core,
                       "{:,}".format(total["cycles_lab_m4"]), "{:,}".format(total["cmsis_instructions"]),
                       fmt_ratio(ratio(total["cmsis_instructions"], total["instructions"])),
                       "{:,}".format(total["cmsis_lab_m4_cycles"]),
                       fmt_ratio(ratio(total["cmsis_lab_m4_cycles"], total["cycles_lab_m4"])),
                       "{:,}".format(total["cmsis_cycles_model"]), core,
                       fmt_ratio(ratio(total["cmsis_cycles_model"], total["cycles_model"]))), ""]
        result["cores"][core] = core_result
        with open(os.path.join(a.out, "%s.md" % core), "w") as f:
            f.write("\n".join(md) + "\n")
        svg_plot("lab-m4" if core == "m4" else core, plot_rows, os.path.join(a.out, "%s-cycles.svg" % core))
        print("bench: wrote %s" % os.path.join(a.out, "%s.md" % core))
    # Every variant on every core must produce the same output bytes for the same layer.
    mismatches = [(k, v) for k, v in checksums.items() if len(set(v.values())) > 1]
    result["checksum_mismatches"] = [{"model": k[0], "idx": k[1], "checksums": v} for k, v in mismatches]
    for (model, idx), v in mismatches:
        print("bench: OUTPUT MISMATCH %s layer %d: %s" % (model, idx, v))
        exit_status = 1
    with open(os.path.join(a.out, "bench.json"), "w") as f:
        json.dump(result, f, indent=1)
    if a.docs:
        write_docs(result, a)
    print("bench: wrote %s" % os.path.join(a.out, "bench.json"))
    return exit_status


if __name__ == "__main__":
    sys.exit(main())
