"""Excel import of a quarter's realisasi on apps.core.importing (registered in ProgressConfig.ready()); the export
(apps/progress/exports.py) writes the same workbook, so an export re-imports with no change."""

from .realisasi import QUARTER_WORDS, REALISASI_SHEET, RealisasiImporter, quarter_word

__all__ = ["QUARTER_WORDS", "REALISASI_SHEET", "RealisasiImporter", "quarter_word"]
