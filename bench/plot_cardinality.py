#!/usr/bin/env python3
"""The cost curve of bench/cardinality.sh as an SVG (no plotting library:
the file is written by hand, so the same figures always give the same
bytes).

    python3 bench/plot_cardinality.py target/bench/cardinality.txt > docs/src/images/cardinality.svg

Each input line: "-cardN-period tool wall_seconds peak_MiB". Two panels,
wall time and peak memory, against the number of distinct values, both on
log scales; one line per tool and period.
"""
import math
import sys

COLORS = {"boussole": "#1f6feb", "duckdb": "#d29922", "polars": "#8250df"}
DASH = {"monthly": "", "yearly": "6 4"}


def read(path):
    points = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 4:
                continue
            tag, tool, wall, mem = parts
            fields = tag.split("-")
            # "-cardN-period"; runs under a LIMIT ("-cardN-period-256MiB") are
            # another curve, not drawn here
            if len(fields) != 3:
                continue
            _, card, period = fields
            n = int(card[len("card"):])
            # a later run of the same case replaces an earlier one
            points[(tool, period, n)] = (float(wall), float(mem))
    return points


def panel(out, x0, title, unit, points, index):
    width, height, left, bottom, top = 420, 300, 60, 40, 30
    ns = sorted({n for (_, _, n) in points})
    values = [v[index] for v in points.values() if v[index] > 0]
    if not ns or not values:
        return
    lo_x, hi_x = math.log10(min(ns)), math.log10(max(ns))
    lo_y = math.floor(math.log10(min(values)))
    hi_y = math.ceil(math.log10(max(values)))
    if hi_x == lo_x:
        hi_x += 1
    if hi_y == lo_y:
        hi_y += 1

    def px(n):
        return x0 + left + (math.log10(n) - lo_x) / (hi_x - lo_x) * (width - left - 10)

    def py(v):
        return top + (hi_y - math.log10(v)) / (hi_y - lo_y) * (height - top - bottom)

    out.append(f'<text x="{x0 + width / 2:.1f}" y="18" text-anchor="middle" font-weight="bold">{title}</text>')
    # axes and grid
    for e in range(lo_y, hi_y + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{x0 + left}" y1="{y:.1f}" x2="{x0 + width - 10}" y2="{y:.1f}" stroke="#ddd"/>')
        label = f"{10 ** e:g}"
        out.append(f'<text x="{x0 + left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for n in ns:
        x = px(n)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#eee"/>')
        label = f"{n:,}".replace(",", "\u202f")
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{label}</text>')
    out.append(f'<text x="{x0 + width / 2:.1f}" y="{height - 4}" text-anchor="middle">distinct values (log)</text>')
    out.append(
        f'<text x="{x0 + 14}" y="{(top + height - bottom) / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 {x0 + 14} {(top + height - bottom) / 2:.1f})">{unit} (log)</text>'
    )
    for tool in COLORS:
        for period in DASH:
            line = sorted((n, v[index]) for (t, p, n), v in points.items() if t == tool and p == period and v[index] > 0)
            if not line:
                continue
            d = " ".join(f"{px(n):.1f},{py(v):.1f}" for n, v in line)
            dash = f' stroke-dasharray="{DASH[period]}"' if DASH[period] else ""
            out.append(f'<polyline points="{d}" fill="none" stroke="{COLORS[tool]}" stroke-width="2"{dash}/>')
            for n, v in line:
                out.append(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3" fill="{COLORS[tool]}"/>')


def main():
    points = read(sys.argv[1])
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="880" height="350" '
        'font-family="sans-serif" font-size="11" viewBox="0 0 880 350">',
        '<rect width="880" height="350" fill="white"/>',
    ]
    panel(out, 0, "Wall time, 10M rows", "seconds", points, 0)
    panel(out, 440, "Peak memory, 10M rows", "MiB", points, 1)
    # legend
    x = 70
    for tool, color in COLORS.items():
        for period, dash in DASH.items():
            extra = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{x}" y1="338" x2="{x + 24}" y2="338" stroke="{color}" stroke-width="2"{extra}/>')
            out.append(f'<text x="{x + 28}" y="342">{tool} {period}</text>')
            x += 130
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
