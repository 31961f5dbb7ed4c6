"""Writes a generated project for the `check` scaling benchmark: N metrics
(chains of dependencies 100 deep) over 100 inputs, and N/10 objectives.
    python3 bench/gen_spec.py 10000 target/bench/spec-10k
    /usr/bin/time -f "%e s %M KB" target/release/boussole check target/bench/spec-10k
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "big.kpi.yaml"), "w") as f:
    f.write("inputs:\n")
    for i in range(100):
        f.write(f"  in_{i}: count\n")
    f.write("metrics:\n")
    for i in range(n):
        if i < 100:
            f.write(f"  - m_{i} = in_{i} / in_{(i * 7 + 1) % 100}\n")
        else:
            f.write(f"  - m_{i} = m_{i - 100} * 2 + m_{i - 1} * 0\n")
    f.write("strategy:\n  g: goal\nobjectives:\n")
    for j in range(n // 10):
        f.write(
            f"  o_{j}:\n    description: objective {j}\n    aligned_with: g\n"
            f"    period: monthly\n    deadline: 2026-12-31\n"
            f"    kpis: [m_{j}, m_{j + 1}, m_{j + 2}]\n    targets:\n      - m_{j} >= 0.5\n"
        )
