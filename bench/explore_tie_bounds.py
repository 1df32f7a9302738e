"""Why the ties benchmark misses its 5 % gap on some seeds: measurements behind docs/consortia.md.

    python bench/explore_tie_bounds.py forest 4 7 15            # the forest case alone, 60 s limit
    python bench/explore_tie_bounds.py highs 4 7 --limit 8      # the plain model as a MIP in HiGHS
    python bench/explore_tie_bounds.py lp 7                     # root LP bounds, with and without cuts
    python bench/explore_tie_bounds.py probe 7 --incumbent 12.391   # LP probing, then the forest case

Instances are the benchmark's (bench_consortia.generate: 500 companies, 8 required, 2,000
ties, tie weight 0.5). Each mode prints one line per seed. Nothing here is used by the product.
"""

from __future__ import annotations

import argparse
import datetime
import time
from collections.abc import Callable

from ortools.math_opt.python import mathopt

from bench_consortia import generate
from sme2go.consortia.engine.formulation import SCALE, Formulation, build_model, configured_solver
from sme2go.consortia.engine.instance import CompanyOption, Instance
from sme2go.consortia.engine.prune import model_universe
from sme2go.consortia.engine.tie_bound import cycle_bounds


def forest_model(instance: Instance, companies: list[CompanyOption]) -> Formulation:
    """The forest case of tie_split.split_bound: ≤ |S| − 1 ties inside S, no chordless cycle."""
    built = build_model(instance, companies)
    together = built.together
    built.model.add(sum(set(together.values())) <= sum(built.member.values()) - 1)
    for _, cycle in cycle_bounds(instance, companies, deadline=time.monotonic() + 5) or []:
        edges = [together[(a, cycle[(k + 1) % len(cycle)])] for k, a in enumerate(cycle)
                 if (a, cycle[(k + 1) % len(cycle)]) in together]
        if len(edges) == len(cycle):
            built.model.add(sum(edges) <= len(cycle) - 1)
    return built


class Relaxation:
    """The same model in MathOpt (binary for HiGHS, continuous for the LP)."""

    def __init__(self, instance: Instance, companies: list[CompanyOption], *, integer: bool, forest: bool) -> None:
        rules, weights = instance.rules, instance.weights
        self.model = m = mathopt.Model()
        new: Callable[[], mathopt.Variable] = m.add_binary_variable if integer else (lambda: m.add_variable(lb=0, ub=1))
        self.member = {c.id: new() for c in companies}
        size = mathopt.fast_sum(self.member.values())
        m.add_linear_constraint(size >= rules.min_size)
        m.add_linear_constraint(size <= rules.max_size)
        by_country: dict[str, list[mathopt.Variable]] = {}
        for c in companies:
            by_country.setdefault(c.country, []).append(self.member[c.id])
        present = []
        for members in by_country.values():
            here = new()
            m.add_linear_constraint(here <= mathopt.fast_sum(members))
            present.append(here)
        m.add_linear_constraint(mathopt.fast_sum(present) >= rules.min_countries)
        terms: list[mathopt.LinearBase] = []
        for requirement in instance.required:
            choices = []
            for c in companies:
                fit = c.fit_for(requirement.capability)
                if fit >= rules.min_fit:
                    covers = new()
                    m.add_linear_constraint(covers <= self.member[c.id])
                    choices.append(covers)
                    terms.append(requirement.weight * fit * covers)
            m.add_linear_constraint(mathopt.fast_sum(choices) == 1)
        terms.extend((weights.readiness * c.readiness - weights.size) * self.member[c.id] for c in companies)
        self.together: dict[tuple[str, str], mathopt.Variable] = {}
        for tie in instance.ties:
            if tie.a in self.member and tie.b in self.member:
                pair = self.together[(tie.a, tie.b)] = new()
                m.add_linear_constraint(pair <= self.member[tie.a])
                m.add_linear_constraint(pair <= self.member[tie.b])
                terms.append(weights.tie * tie.strength * pair)
        if forest:
            m.add_linear_constraint(mathopt.fast_sum(self.together.values()) <= size - 1)
        m.maximize(mathopt.fast_sum(terms))

    def separate(self, values: dict[mathopt.Variable, float], max_size: int) -> int:
        """Add violated forest cuts on the components of the LP's tie support (greedy peeling).

        For S whose ties form a forest and any set U: ties(S ∩ U) ≤ |S ∩ U| − 1 ≤ x(U) − x_k
        (k ∈ U in S) and ≤ (1 − 1/max_size)·|S ∩ U|, the second because |S ∩ U| ≤ max_size.
        """
        x = {c: values[v] for c, v in self.member.items()}
        y = {e: values[v] for e, v in self.together.items()}
        neighbours: dict[str, set[str]] = {}
        for (a, b), value in y.items():
            if value > 1e-6:
                neighbours.setdefault(a, set()).add(b)
                neighbours.setdefault(b, set()).add(a)
        components, seen = [], set()
        for start in neighbours:
            if start not in seen:
                component, stack = {start}, [start]
                while stack:
                    for other in neighbours[stack.pop()]:
                        if other not in component:
                            component.add(other)
                            stack.append(other)
                seen |= component
                components.append(component)

        def inside(group: set[str]) -> list[tuple[str, str]]:
            return [e for e in y if e[0] in group and e[1] in group]

        def subtour(group: set[str]) -> float:
            return sum(y[e] for e in inside(group)) - sum(x[u] for u in group) + max(x[u] for u in group)

        def cardinality(group: set[str]) -> float:
            return sum(y[e] for e in inside(group)) - (1 - 1 / max_size) * sum(x[u] for u in group)

        added = 0
        for component in components:
            for violation in (subtour, cardinality):
                group = set(component)
                while len(group) > 2:
                    best = max(group, key=lambda u, g=group: violation(g - {u}))  # type: ignore[misc]
                    if violation(group - {best}) <= violation(group) + 1e-9:
                        break
                    group.discard(best)
                if violation(group) <= 1e-6:
                    continue
                ties = mathopt.fast_sum(self.together[e] for e in inside(group))
                if violation is subtour:
                    top = max(group, key=lambda u: x[u])
                    self.model.add_linear_constraint(ties <= mathopt.fast_sum(self.member[u] for u in group - {top}))
                else:
                    self.model.add_linear_constraint(
                        max_size * ties <= (max_size - 1) * mathopt.fast_sum(self.member[u] for u in group)
                    )
                added += 1
        return added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("forest", "highs", "lp", "probe"))
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--incumbent", type=float, help="probe: drop companies whose LP bound is below this")
    args = parser.parse_args()
    for seed in args.seeds:
        instance = generate(seed, companies=500, required=8, ties=2000, tie_weight=0.5)
        companies = model_universe(instance, 1)
        started = time.monotonic()
        if args.mode == "forest":
            built = forest_model(instance, companies)
            solver = configured_solver(2)
            solver.parameters.max_time_in_seconds = args.limit
            status = solver.solve(built.model)
            print(f"seed {seed}: forest case {solver.status_name(status)} in {time.monotonic() - started:.1f} s, "
                  f"best {solver.objective_value / SCALE:.3f}, bound {solver.best_objective_bound / SCALE:.3f}")
        elif args.mode == "highs":
            mip = Relaxation(instance, companies, integer=True, forest=False)
            params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=args.limit))
            result = mathopt.solve(mip.model, mathopt.SolverType.HIGHS, params=params)
            best = result.objective_value() if result.has_primal_feasible_solution() else float("nan")
            print(f"seed {seed}: HiGHS {result.termination.reason.name} in {time.monotonic() - started:.1f} s, "
                  f"best {best:.3f}, bound {result.best_objective_bound():.3f}")
        elif args.mode == "lp":
            plain = mathopt.solve(Relaxation(instance, companies, integer=False, forest=False).model,
                                  mathopt.SolverType.GLOP).objective_value()
            forest = Relaxation(instance, companies, integer=False, forest=True)
            first = result = mathopt.solve(forest.model, mathopt.SolverType.GLOP)
            rounds = 0
            while rounds < 50 and forest.separate(result.variable_values(), instance.rules.max_size):
                result = mathopt.solve(forest.model, mathopt.SolverType.GLOP)
                rounds += 1
            print(f"seed {seed}: root LP plain {plain:.3f}, forest {first.objective_value():.3f}, "
                  f"forest + cuts ({rounds} rounds) {result.objective_value():.3f}")
        else:
            if args.incumbent is None:
                parser.error("probe needs --incumbent")
            lp = Relaxation(instance, companies, integer=False, forest=True)
            incremental = mathopt.IncrementalSolver(lp.model, mathopt.SolverType.GLOP)
            kept = []
            for company in companies:
                lp.member[company.id].lower_bound = 1
                if incremental.solve().objective_value() >= args.incumbent - 1e-6:
                    kept.append(company)
                lp.member[company.id].lower_bound = 0
            probed = time.monotonic() - started
            built = forest_model(instance, kept)
            solver = configured_solver(2)
            solver.parameters.max_time_in_seconds = args.limit
            status = solver.solve(built.model)
            print(f"seed {seed}: probing kept {len(kept)} of {len(companies)} in {probed:.1f} s; forest case "
                  f"{solver.status_name(status)} in {time.monotonic() - started - probed:.1f} s, "
                  f"bound {solver.best_objective_bound / SCALE:.3f}")


if __name__ == "__main__":
    main()
