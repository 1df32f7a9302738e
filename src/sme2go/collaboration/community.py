"""Community closeness: how near a candidate sits to the members in the collaboration graph's
large-scale structure, beyond the few hops the walk signals reach.

Pure: numpy only. Chosen in the fourth round (bench/bench_partner_round4.py, where it was first
written) and shipped with the tenth round's whole-consortium weights (docs/partners.md).

`community_embedding(history)` = the organisations' rows of a rank-64 SVD of the organisation x
project incidence B, normalised as (D_org + t_o)^-1/2 B (D_project + t_p)^-1/2 over the largest
connected component (t = the mean degrees, so that peripheral chains do not take the leading
vectors), the first (near-degree) vector dropped and each column scaled by its singular value.
A seeded randomized range finder with 4 power iterations computes it (about 2 s on the full CORDIS
history). Organisations outside the component get zeros. `closeness` = the cosine between a
candidate's row and the mean row of the members.
"""

from __future__ import annotations

import numpy as np

from sme2go.collaboration.features import FloatArray
from sme2go.collaboration.history import History, IntArray

RANK = 64
SEED = 4
POWER_ITERATIONS = 4
OVERSAMPLING = 10


def largest_component(history: History) -> np.ndarray:
    """Boolean mask of the organisations in the largest connected component of the co-participation graph."""
    h = history
    label = np.arange(h.org_count)
    while True:
        project_label = np.minimum.reduceat(label[h.project_orgs], h.project_ptr[:-1])
        new = np.minimum(label, np.minimum.reduceat(project_label[h.org_projects], h.org_ptr[:-1]))
        if np.array_equal(new, label):
            break
        label = new
    return np.asarray(label == np.bincount(label).argmax())


def community_embedding(history: History, rank: int = RANK) -> FloatArray:
    """One row per organisation (see the module's docstring); all zeros for an empty history."""
    h = history
    n, p = h.org_count, h.project_count
    if n == 0 or p == 0:
        return np.zeros((n, rank))
    inside = largest_component(h)
    org_degree = np.diff(h.org_ptr).astype(float)
    size = np.diff(h.project_ptr).astype(float)
    project_inside = inside[h.project_orgs[h.project_ptr[:-1]]]
    tau_org, tau_project = org_degree[inside].mean(), size[project_inside].mean()
    owner = np.repeat(np.arange(n), np.diff(h.org_ptr))
    by_org = inside[owner] / np.sqrt((org_degree[owner] + tau_org) * (size[h.org_projects] + tau_project))
    project = np.repeat(np.arange(p), np.diff(h.project_ptr))
    by_project = inside[h.project_orgs] / np.sqrt((org_degree[h.project_orgs] + tau_org) * (size[project] + tau_project))

    def times(x: FloatArray) -> FloatArray:  # (p, k) -> (n, k): the normalised B times x
        return np.add.reduceat(x[h.org_projects] * by_org[:, None], h.org_ptr[:-1], axis=0)

    def transposed_times(y: FloatArray) -> FloatArray:  # (n, k) -> (p, k)
        return np.add.reduceat(y[h.project_orgs] * by_project[:, None], h.project_ptr[:-1], axis=0)

    rng = np.random.default_rng(SEED)
    basis, _ = np.linalg.qr(times(rng.standard_normal((p, rank + 1 + OVERSAMPLING))))
    for _ in range(POWER_ITERATIONS):
        z, _ = np.linalg.qr(transposed_times(basis))
        basis, _ = np.linalg.qr(times(z))
    u_small, singular, _ = np.linalg.svd(transposed_times(basis).T, full_matrices=False)
    u = basis @ u_small
    rows = u[:, 1 : rank + 1] * singular[1 : rank + 1]
    out = np.zeros((n, rank))
    out[:, : rows.shape[1]] = rows  # a history smaller than the rank fills fewer columns
    return out


def closeness(embedding: FloatArray, candidates: IntArray, members: IntArray) -> FloatArray:
    """Cosine of each candidate's row with the members' mean row; 0 where either is all zeros."""
    if len(members) == 0:
        return np.zeros(len(candidates))
    rows, centre = embedding[candidates], embedding[members].mean(axis=0)
    norm = np.linalg.norm(rows, axis=1) * np.linalg.norm(centre)
    return np.where(norm > 0, rows @ centre / np.where(norm > 0, norm, 1.0), 0.0)
