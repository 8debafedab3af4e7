"""Candidate recommenders behind one contract (see ``_base``), chosen or blended by validation."""

from recommender.models._base import Model, TrainingData, top_n
from recommender.models._registry import KINDS, build, from_arrays, load
from recommender.models.als import Als
from recommender.models.blend import Blend, normalised
from recommender.models.ease import Ease
from recommender.models.item_knn import ItemKnn
from recommender.models.popularity import Popularity
from recommender.models.rp3beta import Rp3Beta

__all__ = [
    "KINDS",
    "Als",
    "Blend",
    "Ease",
    "ItemKnn",
    "Model",
    "Popularity",
    "Rp3Beta",
    "TrainingData",
    "build",
    "from_arrays",
    "load",
    "normalised",
    "top_n",
]
