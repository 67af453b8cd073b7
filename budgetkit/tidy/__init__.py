"""Raw tables → tidy ``Table``s: header read, codes split, amounts in fen, totals marked.

Understanding a table is a line of small steps, one module each, in the order they run:

* :mod:`.header` — rows that only state the unit or number the columns, where the header ends,
  each column's header words top to bottom;
* :mod:`.layouts` — tables re-laid as rows of items first: a 三公 table across, blocks side by side;
* :mod:`.columns` — each column's role from its header words (vocabulary in :mod:`budgetkit.kinds`);
* :mod:`.code_parts` — codes printed in 类 | 款 | 项 parts joined, codes no classification knows set aside;
* :mod:`.grid`, :mod:`.paired`, :mod:`.forms` — the layouts' readers: a grid of items, a 收支总表's two
  sides, a 绩效目标表 or a label / value form;
* :mod:`.words` — the words of labels: totals, ordinals, outline levels;
* :mod:`.table` — :func:`tidy_table`, the steps in order.
"""

from .header import is_column_number_row, is_data_row
from .layouts import stack_halves
from .table import PAIRED_KINDS, tidy_table
from .words import chinese_number, compact, is_total_label, outline_levels

__all__ = ["tidy_table", "is_total_label", "is_data_row", "is_column_number_row", "compact", "outline_levels",
           "chinese_number", "stack_halves", "PAIRED_KINDS"]
