"""Conclusions in words: one or two sentences beside each table of the hub, computed from the
figures the table shows (never canned), saying plainly when a result could be chance.

Every function takes the same objects the page renders and returns plain text; templates escape
it like any other value. Significance follows the page's own tests (the Knox Monte Carlo p-value,
Gi* with false-discovery-rate control) or, for counts, a test named in the sentence.
"""

from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import stats

SIGNIFICANT = 0.05


def number(n: float) -> str:
    """1,234 for counts; one decimal place kept for fractions."""
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"


def percent(share: float) -> str:
    """A share (0-1) as a percentage: whole numbers, one decimal below 10%."""
    value = share * 100
    if abs(value) < 10:
        return f"{value:.1f}".removesuffix(".0") + "%"
    return f"{value:.0f}%"


def p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}".rstrip("0").rstrip(".")


def month_words(month: str) -> str:
    return date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{number(n)} {word if n == 1 else (words or word + 's')}"


# Measures page


def poisson_change_p(current: int, previous: int) -> float:
    """Two-sided p-value that two counts come from the same rate: given their total, the current
    count is binomial with probability 1/2 (the conditional test for two Poisson counts)."""
    total = current + previous
    if total == 0:
        return 1.0
    return float(stats.binomtest(current, total, 0.5).pvalue)


def comparison_sentence(comparison) -> str:
    """A row of the comparison with last year: the change, the target, and whether the change
    is larger than chance would give."""
    s, label = comparison.status, comparison.label
    if not comparison.complete or s.current is None or s.previous is None:
        return f"{label}: no full comparison, as not every month of both periods is stored."
    if s.previous == 0:
        return (
            f"{label}: {number(s.current)} this period against none a year before, so no "
            "percentage change can be given."
        )
    if s.current == s.previous:
        text = f"{label} did not change on the same months a year before ({number(s.current)})"
    else:
        verb = "fell" if s.current < s.previous else "rose"
        text = (
            f"{label} {verb} {abs(s.change_pct):.1f}% on the same months a year before "
            f"({number(s.current)} against {number(s.previous)})"
        )
    if s.target_pct is not None:
        if s.met:
            text += f", meeting the target of {s.target_pct:+.1f}%"
        else:
            text += (
                f", missing the target of {s.target_pct:+.1f}% by "
                f"{s.change_pct - s.target_pct:.1f} percentage points"
            )
    p = poisson_change_p(s.current, s.previous)
    if p < SIGNIFICANT:
        return text + f". A change this large is unlikely to be chance ({p_text(p)})."
    return text + f". A change this size could be chance ({p_text(p)}): it is not significant."


def monthly_sentence(items: Sequence[tuple[str, int]], rolling: Sequence) -> str:
    """The busiest and quietest month, the monthly average and the latest full rolling year."""
    if not items or not sum(n for _, n in items):
        return "No crimes of this type were recorded in these months."
    busiest = max(items, key=lambda item: (item[1], item[0]))
    quietest = min(items, key=lambda item: (item[1], item[0]))
    text = (
        f"The busiest month was {month_words(busiest[0])} ({number(busiest[1])}) and the "
        f"quietest {month_words(quietest[0])} ({number(quietest[1])}); "
        f"{number(round(sum(n for _, n in items) / len(items), 1))} a month on average."
    )
    complete = [r for r in rolling if r.complete]
    if complete:
        last = complete[-1]
        text += f" The 12 months to {month_words(last.month)} held {number(last.count)}."
    else:
        text += " No month has all 12 months before it stored, so the rolling totals are partial."
    return text


def types_sentence(table, groups=()) -> str:
    """The commonest crime types of the period (groups such as "all crime" left out), with
    their shares of every crime and ASB incident in the table."""
    rows = sorted(
        (r for r in table.rows if r[3] and r[0] not in groups), key=lambda r: (-r[3], r[1])
    )
    total = sum(r[3] for r in rows)
    if not total:
        return "No crimes were recorded in this period."
    _, label, _, n = rows[0]
    text = (
        f"{label} was the most common type: {number(n)} of {number(total)} ({percent(n / total)})"
    )
    others = [f"{lbl.lower()} ({number(k)}, {percent(k / total)})" for _, lbl, _, k in rows[1:3]]
    if others:
        text += ", then " + " and ".join(others)
    return text + "."


def outcomes_sentence(outcomes) -> str:
    if not outcomes.total:
        return "No crimes in this period, so no outcomes."
    outcome, n, _ = outcomes.rows[0]
    return (
        f"The most common last outcome was “{outcome}” ({percent(n / outcomes.total)} of "
        f"{plural(outcomes.total, 'crime')})."
    )


def outcomes_given_sentence(recorded) -> str:
    """Outcomes given in the period (whenever the crime was recorded): detections and the
    commonest outcome."""
    if not recorded.total:
        return "No outcomes were given in this period."
    outcome, n, _ = recorded.rows[0]
    return (
        f"Of {plural(recorded.total, 'outcome')} given in the period, {number(recorded.detected)} "
        f"({percent(recorded.detected / recorded.total)}) count as detections; the most common "
        f"was “{outcome}” ({number(n)})."
    )


# Crime map


def lsoa_sentence(rates: Sequence[dict]) -> str:
    """Where the rate is highest against the area's, and how concentrated the crimes are."""
    counted = [r for r in rates if r["code"]]
    total = sum(r["count"] for r in counted)
    if not total:
        return "No crimes with a location in this period."
    with_rate = [r for r in counted if r["rate"] is not None]
    text = ""
    population = sum(r["population"] for r in with_rate)
    if with_rate and population:
        top = max(with_rate, key=lambda r: (r["rate"], r["code"]))
        overall = sum(r["count"] for r in with_rate) / population * 1000
        text = (
            f"The highest rate was in {top['name']}: {number(top['count'])} crimes, "
            f"{number(top['rate'])} per 1,000 residents, "
            f"{top['rate'] / overall:.1f} times the area's {overall:.1f}. "
        )
    k = max(1, round(0.05 * len(counted)))
    busiest = sorted((r["count"] for r in counted), reverse=True)[:k]
    text += (
        f"The {plural(k, 'LSOA')} with most crimes ({percent(k / len(counted))} of "
        f"{number(len(counted))}) held {percent(sum(busiest) / total)} of them."
    )
    return text


def areas_sentence(rows: Sequence[dict], kind: str) -> str:
    """The custom area (ward, neighbourhood) with most crimes per square kilometre."""
    total = sum(r["count"] for r in rows)
    if not total:
        return f"No crimes with a location fell in any {kind} in this period."
    top = max(rows, key=lambda r: (r["count"], r["name"]))
    dense = max(rows, key=lambda r: (r["per_km2"] or 0, r["name"]))
    text = (
        f"{top['name']} had most crimes ({number(top['count'])}, {percent(top['count'] / total)})"
    )
    if dense is not top and dense["per_km2"]:
        text += f"; {dense['name']} the most for its size ({number(dense['per_km2'])} per km²)"
    return text + "."


# Hotspots


def density_sentence(*, flagged: int, cells: int, cell_m: float, held: int, total: int) -> str:
    if not total:
        return "No located crimes in this period."
    return (
        f"The densest {percent(flagged / cells)} of the area ({number(flagged)} of "
        f"{number(cells)} cells of {cell_m:.0f} m) held {percent(held / total)} of the "
        f"period's {plural(total, 'located crime')} ({number(held)})."
    )


def gi_sentence(*, hot: Sequence[dict], hot_count: int, cold_count: int, q: float) -> str:
    """How many significant hot spots, and where the strongest is, by name."""
    fdr = f"after controlling the false discovery rate at {q:.0%}"
    if not hot_count:
        return (
            f"No cell is a significant hot spot {fdr}: at this cell size the crimes are not "
            "more clustered than chance would give."
        )
    top = hot[0]
    text = (
        f"{plural(hot_count, 'cell is a', 'cells are')} significant hot "
        f"spot{'s' if hot_count != 1 else ''} {fdr}; the strongest is at {top['name']} "
        f"(z = {top['z']:.1f}, {plural(top['crimes'], 'crime')} in the cell)"
    )
    if cold_count:
        text += f". {plural(cold_count, 'cell is a', 'cells are')} significant cold spot" + (
            "s" if cold_count != 1 else ""
        )
    return text + "."


def repeats_sentence(repeats: Sequence[dict], total: int) -> str:
    if not repeats or not total:
        return "No located crimes in this period."
    top = repeats[0]
    held = sum(r["count"] for r in repeats)
    return (
        f"The busiest street point, {top['location']} ({top['lsoa_name']}), had "
        f"{plural(top['count'], 'crime')} in {plural(top['months'], 'month')} of the period; "
        f"the {plural(len(repeats), 'busiest point', 'busiest points')} held "
        f"{percent(held / total)} of the area's {plural(total, 'located crime')}."
    )


# Predictions


def flagged_sentence(
    *,
    flagged: int,
    cells: int,
    month: str,
    held: int,
    total: int,
    noun: str,
    lead: str = "These",
) -> str:
    """What share of a month's crimes (of type `noun`) the flagged cells held."""
    start = (
        f"{lead} {plural(flagged, 'cell')}, {percent(flagged / cells if cells else 0)} of the "
        f"area's {number(cells)}, "
    )
    if not total:
        return start + f"held no {noun}: none was recorded in {month_words(month)}."
    return start + (
        f"held {percent(held / total)} of the {noun} recorded in {month_words(month)} "
        f"({number(held)} of {plural(total, 'crime')})."
    )


def backtest_sentence(
    rows: Sequence, chosen: str, *, ceiling: str, baselines: Sequence[str], fraction: float = 0.05
) -> str:
    """The chosen method's measured hit rate beside the best baseline and the ceiling."""
    by_method = {r.method: r for r in rows}
    mine = by_method.get(chosen)
    if mine is None or not mine.months:
        return "Too few earlier months to measure how well any method predicts this area."
    text = (
        f"Over {plural(mine.months, 'earlier month')}, each predicted from the months before "
        f"it, this method caught {percent(mine.hit_rate[fraction])} of crimes in "
        f"{percent(fraction)} of the area"
    )
    others = [by_method[m] for m in baselines if m in by_method and m != chosen]
    if others:
        best = max(others, key=lambda r: r.hit_rate[fraction])
        name = best.label.split(" (")[0].lower()
        text += f"; the best simple method ({name}) caught {percent(best.hit_rate[fraction])}"
    if ceiling in by_method:
        ceiling_rate = by_method[ceiling].hit_rate[fraction]
        text += f", and perfect foresight, the ceiling, {percent(ceiling_rate)}"
    return text + "."


# Near repeats and ASB


def knox_sentence(near) -> str:
    """The strongest near-repeat excess, in the Calculator's bands, or that there is none."""
    r = near.result
    ratio = np.where(np.isnan(r.ratio), 0.0, r.ratio)
    candidates = [
        (float(r.p_value[d, t]), -float(ratio[d, t]), d, t)
        for d in range(ratio.shape[0])
        for t in range(ratio.shape[1])
        if ratio[d, t] > 1 and r.observed[d, t] > 0
    ]
    noun = near.noun
    if not candidates:
        return f"No distance and time band had more pairs of {noun} than chance would give."
    p, _, d, t = min(candidates)
    distance, time = near.distance_labels[d], near.time_labels[t]
    where = "at the same location" if d == 0 else f"{distance} apart"
    text = (
        f"Pairs of {noun} {where} and {time} apart were {ratio[d, t]:.1f} times as frequent as "
        f"chance would give ({number(int(r.observed[d, t]))} against "
        f"{r.expected[d, t]:.1f} expected; {p_text(p)})"
    )
    if p <= SIGNIFICANT:
        significant = int(((r.p_value <= SIGNIFICANT) & (ratio > 1)).sum())
        return text + f": {plural(significant, 'band shows', 'bands show')} a significant excess."
    return text + ", but that is not significant: there is no sign of near repeats."


def busiest_sentence(labels: Sequence[str], counts: Sequence[int], *, what: str, noun: str) -> str:
    """The busiest and quietest of a profile (hours, weekdays), and whether the spread is even
    (chi-square test against equal counts)."""
    total = int(sum(counts))
    if not total:
        return f"No {noun} to profile."
    top = int(np.argmax(counts))
    low = int(np.argmin(counts))
    if counts[top] == counts[low]:
        return (
            f"Every {what} had the same number of {noun}: {number(counts[top])} of {number(total)}."
        )
    text = (
        f"The busiest {what} was {labels[top]} ({percent(counts[top] / total)} of "
        f"{plural(total, noun[:-1] if noun.endswith('s') else noun, noun)}), the quietest "
        f"{labels[low]} ({percent(counts[low] / total)})"
    )
    p = float(stats.chisquare(np.asarray(counts, dtype=float)).pvalue) if total > 1 else 1.0
    if p < SIGNIFICANT:
        return text + f"; they are not spread evenly ({p_text(p)}, chi-square)."
    return text + f"; the differences could be chance ({p_text(p)}, chi-square)."


def asb_months_sentence(months: Sequence, *, noun: str) -> str:
    reported = [(m.month, m.reports) for m in months]
    total = sum(n for _, n in reported)
    police = [m for m in months if m.police is not None]
    if total:
        peak = max(reported, key=lambda item: (item[1], item[0]))
        text = (
            f"{noun.capitalize()} peaked in {month_words(peak[0])} ({number(peak[1])} of "
            f"{number(total)} in the period)."
        )
    else:
        text = f"No {noun} in these months."
    if police:
        police_total = sum(m.police for m in police)
        text += (
            f" The police recorded {plural(police_total, 'anti-social behaviour incident')} in "
            f"the {plural(len(police), 'imported month')}."
        )
    return text


def grid_sentence(days: Sequence[str], grid: Sequence[Sequence[int]], *, noun: str) -> str:
    cells = np.asarray(grid)
    if not cells.sum():
        return f"No {noun} with a time to place in the week."
    day, hour = np.unravel_index(int(np.argmax(cells)), cells.shape)
    return (
        f"The busiest hour of the week was {days[day]} {hour:02d}:00 to {hour:02d}:59 "
        f"({plural(int(cells[day, hour]), noun[:-1] if noun.endswith('s') else noun, noun)})."
    )
