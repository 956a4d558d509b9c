"""UNSPSC and CPV taxonomies without Django: readers, the Chinese title join, the CPV → UNSPSC crosswalk
and (in .classifier / .training, imported on demand because they load numpy and rjieba) a notice text
classifier. The Django app tenderbridge.taxonomy copies these into its tables."""

from .cpv import read_cpv, read_cpv_translations
from .crosswalk import CPV_TO_UNSPSC, cpv_to_unspsc, mapping_reaches_family
from .models import CpvCode, JoinReport, LevelJoinCounts, UnspscCode
from .unspsc import (
    read_unspsc_segments_es,
    read_unspsc_ungm,
    read_unspsc_v7,
    read_unspsc_zh,
    unspsc_with_chinese,
)

__all__ = [
    "CPV_TO_UNSPSC",
    "CpvCode",
    "JoinReport",
    "LevelJoinCounts",
    "UnspscCode",
    "cpv_to_unspsc",
    "mapping_reaches_family",
    "read_cpv",
    "read_cpv_translations",
    "read_unspsc_segments_es",
    "read_unspsc_ungm",
    "read_unspsc_v7",
    "read_unspsc_zh",
    "unspsc_with_chinese",
]
