"""A proven upper bound on the best score when ties count, split by the shape of the ties.

CP-SAT's own bound with ties is its LP relaxation, which spreads fractional members over
dense spots of the tie graph and barely moves (a densest-subgraph relaxation). The tie graph
is sparse, so we split every consortium S by the graph its internal ties form, G[S]:

* *forest case*, G[S] has no cycle: then S has at most |S| − 1 internal ties and no cycle
  of the tie graph lies inside it. These constraints hold for every such S; tie_split.py adds
  them to the usual model, where they make the LP tight enough for CP-SAT to prove the case.
* *cycle case*, G[S] has a cycle: then it has a chordless one, so S ⊇ Z for the vertex set
  Z of a chordless cycle of the tie graph with |Z| ≤ max_size. `cycle_bounds` enumerates
  these (few in a sparse graph) and bounds every S ⊇ Z without solving:
      score(S) = f(S) + T(S),  f = coverage + readiness − size terms, T = the tie term.
  Coverage is a sum of maxima with weights ≥ 0 (submodular), so with R = S ∖ Z:
      f(S) ≤ f(Z) + Σ_{x∈R} Δ(x | Z),  T(S) = T(Z) + Σ_{x∈R} w(x, Z) + T(R),
  hence score(S) ≤ f(Z) + T(Z) + max over |R| ≤ max_size − |Z| of Σ_{x∈R} h(x) + T(R), with
  h(x) = Δ(x | Z) + w(x, Z). That maximum is bounded exactly enough by `_Extras.best_extra`:
  for |R| ≤ 3 by the best singles, tie pairs (plus a best single) and 2-paths (with the
  closing tie); beyond, by h(x) + ½ · x's |R| − 1 strongest ties. Feasibility rules are
  ignored, which only loosens the bound.

The best score is at most the largest bound over the forest case and the cycle cases: each is
valid over its case, and every consortium is in one of them.
"""

from __future__ import annotations

import time

import numpy as np

from sme2go.consortia.engine.instance import CompanyOption, Instance

# Stop enumerating cycles beyond this many (the bound is then not computed: None).
MAX_CYCLES = 200_000


def tie_graph(instance: Instance, companies: list[CompanyOption]) -> dict[int, dict[int, float]]:
    """Adjacency (company index → neighbour index → weights.tie · strength > 0) among `companies`."""
    index = {c.id: i for i, c in enumerate(companies)}
    graph: dict[int, dict[int, float]] = {i: {} for i in range(len(companies))}
    if instance.weights.tie <= 0:
        return graph
    for tie in instance.ties:
        if tie.a in index and tie.b in index:
            value = instance.weights.tie * instance.tie_strength(tie.a, tie.b)
            if value > 0:
                graph[index[tie.a]][index[tie.b]] = value
                graph[index[tie.b]][index[tie.a]] = value
    return graph


def chordless_cycles(
    graph: dict[int, dict[int, float]], max_length: int, deadline: float | None = None
) -> list[tuple[int, ...]] | None:
    """Vertex sets of the chordless cycles of length 3..max_length (None when too many, or when
    `deadline`, a time.monotonic() value, passes first)."""
    found: list[tuple[int, ...]] = []
    for start in graph:
        if deadline is not None and start % 64 == 0 and time.monotonic() > deadline:
            return None
        # Paths start < v1 < ... are induced; a cycle closes back to start, once per direction,
        # so keep those whose second vertex is below the last one. Each path carries the
        # vertices next to its inner ones (all but its ends), which it may not grow into.
        stack: list[tuple[list[int], frozenset[int]]] = [([start, v], frozenset()) for v in graph[start] if v > start]
        while stack:
            path, blocked = stack.pop()
            last = path[-1]
            grown = blocked | graph[last].keys() if len(path) + 1 < max_length else blocked
            for nxt in graph[last]:
                if nxt <= start or nxt in blocked or nxt in path:
                    continue
                if start in graph[nxt]:
                    if len(path) + 1 >= 3 and path[1] < nxt:
                        found.append((*path, nxt))
                        if len(found) > MAX_CYCLES:
                            return None
                elif len(path) + 1 < max_length:
                    stack.append(([*path, nxt], grown))
    return found


class CycleCases:
    """The cycle cases of an instance: per chordless cycle Z, a bound on every S ⊇ Z.

    `bounds`: (bound, Z's company ids), highest first. `one_more(Z, threshold)` looks one company
    further: every S ⊋ Z holds Z ∪ {c} for each of its other members c, so it scores at most the
    cheap bound of Z ∪ {c}; a set of the case above `threshold` is Z itself or has only companies
    c whose bound of Z ∪ {c} is above it. Those are usually a few dozen of 300, so the case's exact
    model is small.
    """

    def __init__(
        self, instance: Instance, companies: list[CompanyOption], graph: dict[int, dict[int, float]],
        cycles: list[tuple[int, ...]],
    ) -> None:
        self.companies, self.max_size, self.lock = companies, instance.rules.max_size, instance.rules.lock
        self.position = {c.id: i for i, c in enumerate(companies)}
        self.graph = graph
        self.coverage, self.gains = _terms(instance, companies)
        self.extra = _Extras(self.graph, len(companies), self.max_size)
        self.cycles = cycles
        self.bounds: list[tuple[float, tuple[str, ...]]] = []

    def bound_all(self, deadline: float | None) -> bool:
        """Fill `bounds`; False when `deadline` (a time.monotonic() value) passes first."""
        bounds = []
        for k, cycle in enumerate(self.cycles):
            if deadline is not None and k % 256 == 0 and time.monotonic() > deadline:
                return False
            bounds.append((self._bound(cycle, self.max_size), tuple(self.companies[i].id for i in cycle)))
        self.bounds = sorted(bounds, key=lambda item: -item[0])
        return True

    def _bound(self, members: tuple[int, ...], max_size: int) -> float:
        return _cycle_bound(members, self.graph, self.coverage, self.gains, self.extra, max_size)

    def one_more(self, cycle: tuple[str, ...], threshold: float) -> tuple[float, list[CompanyOption]]:
        """A bound on every S ⊇ `cycle`, and the companies (the cycle's first) that a set of the
        case scoring above `threshold` may hold."""
        members = tuple(self.position[c] for c in cycle)
        alone = self._bound(members, len(members))  # S = Z itself (rules ignored)
        # Locked companies stay (every feasible set holds them, and every model needs them).
        kept = list(dict.fromkeys([*members, *(self.position[c] for c in self.lock if c in self.position)]))
        room = self.max_size - len(members) - 1  # members after Z and c
        if room < 0:
            return alone, [self.companies[i] for i in kept]
        # First, for every c at once, a looser bound: Z ∪ {c} scores alone + h(c) (h as in
        # _cycle_bound, over Z), and c's ties raise each later member's h by at most c's strongest
        # tie, so the extra is at most Z's extra plus room × that tie. Only the companies above the
        # threshold there get their own bound.
        h = _gains_over(members, self.graph, self.coverage, self.gains)
        looser = alone + h + self.extra.best_extra(h, room) + room * self.extra.strongest
        bounds = looser.copy()
        for c in np.flatnonzero(looser > threshold):
            bounds[c] = self._bound((*members, int(c)), self.max_size)
        bounds[list(members)] = float("-inf")
        kept.extend(int(c) for c in np.flatnonzero(bounds > threshold) if c not in kept)
        return max(alone, float(bounds.max(initial=float("-inf")))), [self.companies[i] for i in kept]


def cycle_cases(
    instance: Instance, companies: list[CompanyOption], deadline: float | None = None
) -> CycleCases | None:
    """The cycle cases with their bounds filled in; None when there are too many cycles to
    enumerate or `deadline` (a time.monotonic() value) passes first."""
    if any(r.weight < 0 for r in instance.required):
        return None  # coverage would not be submodular (parse_instance rejects such weights)
    graph = tie_graph(instance, companies)
    cycles = chordless_cycles(graph, instance.rules.max_size, deadline)
    if cycles is None:
        return None
    cases = CycleCases(instance, companies, graph, cycles)
    return cases if cases.bound_all(deadline) else None


def cycle_bounds(
    instance: Instance, companies: list[CompanyOption], deadline: float | None = None
) -> list[tuple[float, tuple[str, ...]]] | None:
    """Per chordless cycle of the tie graph (its company ids), the bound on every S ⊇ it.

    Highest bound first; None when there are too many cycles to enumerate or `deadline`
    (a time.monotonic() value) passes first.
    """
    cases = cycle_cases(instance, companies, deadline)
    return None if cases is None else cases.bounds


def _terms(instance: Instance, companies: list[CompanyOption]) -> tuple[np.ndarray, np.ndarray]:
    """weight_r · fit'(c, r) per company and requirement, and u(c) = readiness and size terms."""
    rules, weights = instance.rules, instance.weights
    gains = np.array([weights.readiness * c.readiness - weights.size for c in companies], dtype=np.float64)
    coverage = np.array(
        [
            [r.weight * fit if (fit := c.fit_for(r.capability)) >= rules.min_fit else 0.0 for r in instance.required]
            for c in companies
        ],
        dtype=np.float64,
    ).reshape(len(companies), len(instance.required))
    return coverage, gains


class _Extras:
    """Precomputed tie structure for bounding Σ h(x) + T(R) over small sets R."""

    def __init__(self, graph: dict[int, dict[int, float]], n: int, max_size: int) -> None:
        pairs = [(a, b, w) for a, nb in graph.items() for b, w in nb.items() if a < b]
        self.edge_a = np.array([a for a, _, _ in pairs], dtype=np.int64)
        self.edge_b = np.array([b for _, b, _ in pairs], dtype=np.int64)
        self.edge_w = np.array([w for _, _, w in pairs], dtype=np.float64)
        paths = []
        for y, nb in graph.items():
            around = sorted(nb)
            for i, x in enumerate(around):
                for z in around[i + 1 :]:
                    paths.append((x, y, z, nb[x] + nb[z] + graph[x].get(z, 0.0)))
        self.path_x = np.array([p[0] for p in paths], dtype=np.int64)
        self.path_y = np.array([p[1] for p in paths], dtype=np.int64)
        self.path_z = np.array([p[2] for p in paths], dtype=np.int64)
        self.path_w = np.array([p[3] for p in paths], dtype=np.float64)
        # Each company's strongest tie (0 without any).
        self.strongest = np.array([max(graph[i].values(), default=0.0) for i in range(n)], dtype=np.float64)
        # ½ · the sum of each company's j − 1 strongest ties, for j = 0..max_size.
        self.half_star = np.zeros((max_size + 1, n), dtype=np.float64)
        for i, neighbours in graph.items():
            strongest = sorted(neighbours.values(), reverse=True)
            for j in range(2, max_size + 1):
                self.half_star[j, i] = 0.5 * sum(strongest[: j - 1])

    def best_extra(self, h: np.ndarray, room: int) -> float:
        """An upper bound on max over |R| ≤ room of Σ_{x∈R} h(x) + T(R) (R = ∅ gives 0)."""
        if room <= 0:
            return 0.0
        if room > 3:
            with_star = np.sort(h + self.half_star[room])[::-1][:room]
            return float(np.maximum(with_star, 0.0).sum())
        top = np.sort(h)[::-1][:room]
        value = float(np.maximum(top, 0.0).sum())
        if room >= 2 and len(self.edge_w):
            edge = float((h[self.edge_a] + h[self.edge_b] + self.edge_w).max())
            third = max(float(top[0]), 0.0) if room == 3 else 0.0
            value = max(value, edge + third)
        if room == 3 and len(self.path_w):
            value = max(value, float((h[self.path_x] + h[self.path_y] + h[self.path_z] + self.path_w).max()))
        return value


def _cycle_bound(
    cycle: tuple[int, ...],
    graph: dict[int, dict[int, float]],
    coverage: np.ndarray,
    gains: np.ndarray,
    extra: _Extras,
    max_size: int,
) -> float:
    """Upper bound on score(S) for every S ⊇ cycle with |S| ≤ max_size (rules ignored)."""
    members = list(cycle)
    value = float(coverage[members].max(axis=0).sum() + gains[members].sum())
    value += sum(graph[a].get(b, 0.0) for k, a in enumerate(members) for b in members[k + 1 :])
    room = max_size - len(members)
    if room <= 0:
        return value
    return value + extra.best_extra(_gains_over(cycle, graph, coverage, gains), room)


def _gains_over(
    members: tuple[int, ...], graph: dict[int, dict[int, float]], coverage: np.ndarray, gains: np.ndarray
) -> np.ndarray:
    """h(x) = Δ(x | members) + w(x, members) per company, −inf for the members themselves."""
    h = np.maximum(coverage - coverage[list(members)].max(axis=0), 0.0).sum(axis=1) + gains
    for m in members:
        for x, tie_value in graph[m].items():
            h[x] += tie_value
    h[list(members)] = float("-inf")
    return h
