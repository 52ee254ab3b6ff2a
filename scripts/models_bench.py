#!/usr/bin/env python3
"""make models-bench: `cmnn bench` for the MLPerf Tiny int8 models and person_detect on emulated
cores, then docs/models.md (per model and core: estimated cycles and ms at a stated clock, peak RAM,
flash; CMSIS-NN kernel-only totals and MLPerf Tiny published latencies as context).

Each model and core runs twice: at the default budgets (RAM goal lean, weights at most the unpacked
constants x 1.25; docs/memory.md) and with `--weight-budget none --ram-budget fastest`, side by side.

usage: models_bench.py --cmnn build/host/tools/cmnn/cmnn [--cores m4,m7] [--out build/models-bench]
                       [--docs docs/models.md] [--shared ../shared] [--jobs 2] [--reuse] [--models kws_ref_model,...]
Instructions are exact (QEMU + cmnn-prof); every cycle figure is an estimate of a static core model.
"""
import argparse
import json
import os
import subprocess
import sys

# (cmnn bench name, shared model file, key in ../shared/bench/anchors.json)
MODELS = [
    ("pretrainedResnet_quant", "mlcommons-tiny/pretrainedResnet_quant.tflite", "ic_resnet8", "IC ResNet-8"),
    ("kws_ref_model", "mlcommons-tiny/kws_ref_model.tflite", "kws_dscnn", "KWS DS-CNN"),
    ("vww_96_int8", "mlcommons-tiny/vww_96_int8.tflite", "vww_mobilenet", "VWW MobileNet"),
    ("ad01_int8", "mlcommons-tiny/ad01_int8.tflite", "ad_fc", "AD FC autoencoder"),
    ("person_detect", "tflite-micro/person_detect.tflite", "person_detect", "person_detect (TFLM)"),
    ("keyword_scrambled_8bit", "tflite-micro/keyword_scrambled_8bit.tflite", "keyword_scrambled", "keyword (TFLM, SVDF)"),
    ("micro_speech_quantized", "tflite-micro/micro_speech_quantized.tflite", "micro_speech", "micro_speech (TFLM)"),
    ("trained_lstm_int8", "tflite-micro/trained_lstm_int8.tflite", "trained_lstm", "trained LSTM (TFLM)"),
]
# Clocks for the ms columns: the M4 at the MLPerf reference board's 120 MHz (STM32L4R5), the M7 at
# the CMSIS-NN paper's 216 MHz (STM32F746). Zero-wait-state memory is assumed by the core models.
CLOCK_MHZ = {"m4": 120, "m7": 216, "m55": 160, "m3": 100}


def g(v):
    return "-" if v is None else f"{v:,}"


def ms(cycles, core):
    return f"{cycles / (CLOCK_MHZ[core] * 1000.0):.2f}"


# The two compiles of every model: the compiler's defaults, and no flash budget with no RAM trades.
UNBUDGETED = ["--weight-budget", "none", "--ram-budget", "fastest"]


def run_bench(args, name, model, core, extra=()):
    out = os.path.join(args.out, f"{name}-{core}" + ("-nobudget" if extra else ""))
    if args.reuse and os.path.exists(os.path.join(out, f"{name}_bench.json")):
        with open(os.path.join(out, f"{name}_bench.json")) as f:
            return json.load(f)
    cmd = [args.cmnn, "bench", model, "--target", f"cortex-{core}", "-o", out,
           "--build", os.path.join(args.out, f"build-{core}"), "--jobs", str(args.jobs)] + list(extra)
    print(f"models-bench: {name} on {core}" + (" " + " ".join(extra) if extra else ""), file=sys.stderr, flush=True)
    with open(out + ".txt", "w") as table:
        rc = subprocess.call(cmd, stdout=table)
    if rc != 0:
        sys.exit(f"models-bench: cmnn bench {name} --target cortex-{core} failed (exit {rc})")
    with open(os.path.join(out, f"{name}_bench.json")) as f:
        return json.load(f)


def budget_table(args, cores, results, unbudgeted):
    """Speed at the default budgets against no budget (issue 11 item 4), with the RAM and flash each costs."""
    acyc = {}
    cycles_path = os.path.join(args.shared, "bench", "anchors-cycles.json")
    if os.path.exists(cycles_path):
        with open(cycles_path) as f:
            acyc = json.load(f)
    L = ["## Default budgets against no budget", ""]
    L.append("The tables above are the compiler's defaults: RAM goal `lean` (`fastest` on M55; in place and fused by row bands where that")
    L.append("lowers the peak, every other layer in its fastest form) and weights at most the unpacked constants x 1.25")
    L.append("(packed copies left out where they do not fit). \"none\" is `--weight-budget none --ram-budget fastest`:")
    L.append("every packed copy, no RAM trade. Cycles are estimates of the core's model; the CMSIS-NN speedup is")
    L.append("CMSIS-NN v7's est. cycles under the same model (anchors-cycles.json) divided by cmnn's.")
    L.append("")
    L.append("| model | core | default: est. cycles | peak RAM | flash | none: est. cycles | peak RAM | flash | default / none cycles | CMSIS-NN speedup default | none |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, _, key, _ in MODELS:
        for core in cores:
            d, n = results[(name, core)], unbudgeted[(name, core)]
            dc, nc = d["totals"][f"cycles_{core}"], n["totals"][f"cycles_{core}"]
            theirs = acyc.get("cores", {}).get(core, {}).get("models", {}).get(key, {}).get(f"total_est_cycles_{core}")
            sd = f"{theirs / dc:.2f}x" if theirs else "-"
            sn = f"{theirs / nc:.2f}x" if theirs else "-"
            L.append(f"| {name} | {core.upper()} | {g(dc)} | {g(d['memory']['peak_ram_bytes'])} | {g(d['memory']['flash_bytes'])} | "
                     f"{g(nc)} | {g(n['memory']['peak_ram_bytes'])} | {g(n['memory']['flash_bytes'])} | {dc / nc:.3f} | {sd} | {sn} |")
    L.append("")
    return L


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cmnn", required=True)
    ap.add_argument("--cores", default="m4,m7")
    ap.add_argument("--out", default="build/models-bench")
    ap.add_argument("--docs", default="docs/models.md")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="use NAME_bench.json files a previous run left (docs only)")
    ap.add_argument("--models", default="", help="comma-separated subset of the cmnn bench names (default: all)")
    args = ap.parse_args()
    if args.models:
        wanted = args.models.split(",")
        unknown = [w for w in wanted if w not in [m[0] for m in MODELS]]
        if unknown:
            sys.exit(f"models-bench: unknown model(s) {', '.join(unknown)}")
        MODELS[:] = [m for m in MODELS if m[0] in wanted]
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    cores = args.cores.split(",")
    with open(os.path.join(args.shared, "bench", "anchors.json")) as f:
        anchors = json.load(f)

    results, unbudgeted = {}, {}
    for core in cores:
        for name, file, _, _ in MODELS:
            model = os.path.join(args.shared, "data", "models", file)
            if not os.path.exists(model):
                sys.exit(f"models-bench: {model} does not exist")
            results[(name, core)] = run_bench(args, name, model, core)
            unbudgeted[(name, core)] = run_bench(args, name, model, core, UNBUDGETED)
    with open(os.path.join(args.out, "models.json"), "w") as f:
        json.dump({f"{n}/{c}": r for (n, c), r in results.items()}, f, indent=1)
    with open(os.path.join(args.out, "models-nobudget.json"), "w") as f:
        json.dump({f"{n}/{c}": r for (n, c), r in unbudgeted.items()}, f, indent=1)

    ext = anchors["external_crosscheck_m4"]
    L = []
    L.append("# Whole models on emulated cores (`make models-bench`)")
    L.append("")
    L.append("Generated by `make models-bench` (scripts/models_bench.py, which runs `cmnn bench` per model and core;")
    L.append("docs/compiler.md). **Instructions are exact** (QEMU, cmnn-prof); **every cycle and ms figure is an estimate**")
    L.append("of a static core model (docs/cycle-models.md) with zero-wait-state memory, not a measurement.")
    L.append(f"ms columns: cycles at a stated clock: " + ", ".join(f"{c.upper()} @ {CLOCK_MHZ[c]} MHz" for c in cores) + ".")
    L.append("Layers = the generated code's kernel calls (profiler regions); the input is `cmnn run --random 1`")
    L.append("bytes and every run's output checksum equals the host reference's.")
    L.append("")
    L.append("## cmnn per model and core")
    L.append("")
    L.append("| model | core | MACs | instructions | est. cycles (own core model) | est. ms | est. cycles lab-m4 | est. cyc/MAC | peak RAM (arena+scratch+state) | flash: weights | flash: code+rest | flash total |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, _, _, _ in MODELS:
        for core in cores:
            r = results[(name, core)]
            t, m = r["totals"], r["memory"]
            own = t[f"cycles_{core}"]
            lab = t.get("cycles_lab-m4")
            L.append(f"| {name} | {core.upper()} | {g(t['macs'])} | {g(t['instructions'])} | {g(own)} | {ms(own, core)} | "
                     f"{g(lab)} | {own / t['macs']:.2f} | {g(m['peak_ram_bytes'])} | {g(m['weight_bytes'])} | "
                     f"{g(m['code_bytes'])} | {g(m['flash_bytes'])} |")
    L.append("")
    L.append("Peak RAM is the model's planned memory (arena with each layer's scratch inside + state; docs/memory.md); the firmware adds its stack")
    L.append("and a few KB of platform data. Flash is the ELF's text+data: weights (int8 filters, int32 bias,")
    L.append("multipliers/shifts and offline-prepared data) plus everything else (kernels, startup, printing).")
    L.append("On M4/M7 the compiler emits int16 packed copies of conv filters and FC weights (faster variants) only")
    L.append("within the weight budget (default: the unpacked constants x 1.25, docs/memory.md); the table below gives")
    L.append("each model also without a budget. \"code+rest\" holds only the kernels the generated code calls (direct calls).")
    L.append("")
    # Layers of the operators the layer benchmark (make bench, layers.json) does not cover.
    bench_ops = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D", "MAX_POOL_2D", "ADD", "SOFTMAX"}
    L.append("## Layers of the other operators")
    L.append("")
    L.append("Every layer the layer benchmark (`make bench`, conv/depthwise/FC/pool/add/softmax) does not cover,")
    L.append("from the same runs: instructions exact, cycles estimated.")
    L.append("")
    L.append("| model | core | operator # | op | variant | instructions | est. cycles (own core model) | est. cycles lab-m4 |")
    L.append("|---|---|---:|---|---|---:|---:|---:|")
    for name, _, _, _ in MODELS:
        for core in cores:
            for layer in results[(name, core)]["layers"]:
                if layer["op"] in bench_ops:
                    continue
                L.append(f"| {name} | {core.upper()} | {layer['operator']} | {layer['op']} | `{layer['variant']}` | "
                         f"{g(layer['instructions'])} | {g(layer.get(f'cycles_{core}'))} | {g(layer.get('cycles_lab-m4'))} |")
    L.append("")
    # CMSIS-NN v7 under the same cycle models (anchors-cycles.json: cmnn-prof's m4, m7 and m55 models
    # applied to CMSIS-NN's kernels, one call per layer), per core: the like-for-like comparison.
    cycles_path = os.path.join(args.shared, "bench", "anchors-cycles.json")
    if os.path.exists(cycles_path):
        with open(cycles_path) as f:
            acyc = json.load(f)
        L.append("## cmnn against CMSIS-NN under the same core model")
        L.append("")
        L.append("CMSIS-NN v7's kernels (DSP code on M4/M7, its MVE code on M55), one call per layer, measured with")
        L.append("the same emulator and cmnn-prof model (../shared/bench/anchors-cycles.json). Speedup > 1: cmnn needs")
        L.append("fewer estimated cycles.")
        L.append("")
        L.append("| model | core | CMSIS-NN est. cycles | cmnn est. cycles | speedup | CMSIS-NN instructions | cmnn instructions |")
        L.append("|---|---|---:|---:|---:|---:|---:|")
        for name, _, key, _ in MODELS:
            for core in cores:
                a = acyc["cores"].get(core, {}).get("models", {}).get(key)
                if a is None:
                    continue
                t = results[(name, core)]["totals"]
                theirs = a.get(f"total_est_cycles_{core}")
                ours = t.get(f"cycles_{core}")
                if not theirs or not ours:
                    continue
                L.append(f"| {name} | {core.upper()} | {g(theirs)} | {g(ours)} | {theirs / ours:.2f}x | "
                         f"{g(a.get('total_instructions'))} | {g(t['instructions'])} |")
        L.append("")
    L.extend(budget_table(args, cores, results, unbudgeted))
    L.append("## Context: CMSIS-NN kernel-only totals (same emulator and profiler method)")
    L.append("")
    L.append("From ../shared/bench/anchors.json: the sum of the one CMSIS-NN call per layer, measured on the same")
    L.append("QEMU boards (kernel instructions only, no framework; M4 cycles from the lab-m4 model). Compare with cmnn's")
    L.append("instructions and lab-m4 cycles above (cmnn's regions include a few dozen call/marker instructions per layer).")
    L.append("")
    L.append("| model | core | CMSIS-NN instructions | cmnn instructions | cmnn / CMSIS-NN | CMSIS-NN est. cycles lab-m4 | cmnn est. cycles lab-m4 | cmnn / CMSIS-NN |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, _, key, _ in MODELS:
        for core in cores:
            a = anchors["cores"].get(core, {}).get("models", {}).get(key)
            if a is None:
                continue
            t = results[(name, core)]["totals"]
            ac = a.get("total_m4_model_cycles")
            lab = t.get("cycles_lab-m4")
            ratio_c = f"{lab / ac:.2f}" if ac and lab else "-"
            L.append(f"| {name} | {core.upper()} | {g(a['total_insns'])} | {g(t['instructions'])} | "
                     f"{t['instructions'] / a['total_insns']:.2f} | {g(ac)} | {g(lab)} | {ratio_c} |")
    L.append("")
    L.append("## Context only: MLPerf Tiny v1.0 published latencies")
    L.append("")
    L.append(f"Source: {ext['source']}. System: {ext['system']}.")
    L.append("**A different system**: whole inference including the framework (microTVM, Zephyr) and non-CMSIS")
    L.append("operators, on real hardware running code from flash with wait states, a different compiler and library")
    L.append("version. These numbers are context for the order of magnitude, not a comparison of kernels.")
    L.append("")
    L.append("| model | MLPerf Tiny latency (real STM32L4R5 M4 @120 MHz) | cmnn est. ms, M4 model @120 MHz | cmnn est. ms, lab-m4 @120 MHz |")
    L.append("|---|---:|---:|---:|")
    for name, _, key, label in MODELS:
        e = ext["models"].get(key)
        if e is None or ("m4" not in cores):
            continue
        t = results[(name, "m4")]["totals"]
        L.append(f"| {name} ({label}) | {e['latency_ms']:.2f} ms | {ms(t['cycles_m4'], 'm4')} | {ms(t['cycles_lab-m4'], 'm4')} |")
    L.append("")
    L.append("## Reproduce")
    L.append("")
    L.append("    make models-bench                      # all of the above, M4 and M7; per-run tables in build/models-bench/")
    L.append("    build/host/tools/cmnn/cmnn bench ../shared/data/models/mlcommons-tiny/kws_ref_model.tflite --target cortex-m4")
    L.append("")
    L.append("Per model and core, build/models-bench/NAME-CORE/ holds the generated code, the compile report,")
    L.append("NAME_bench.json (per-layer instructions, estimated cycles, MACs, variant, scratch) and NAME_bench.svg.")
    L.append("")
    with open(args.docs, "w") as f:
        f.write("\n".join(L))
    print(f"models-bench: wrote {args.docs} and {args.out}/models.json", file=sys.stderr)


if __name__ == "__main__":
    main()
