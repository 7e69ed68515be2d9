"""Grid cells → canonical keys through the table's own row and column headers.

A grid from any source (PDF lattice or word grid, OCR grid, HTML, DOCX) is cut into *bands*: rows
of header text over the value columns (the column header band) followed by rows of values, whose
cells left of the first value column are the row header band. Each value cell gets a column path
(the header cells above it, spans included) and a row path (the label cells left of it). Paths
are matched to the schema's paths by scored label similarity, as an assignment over the whole
table (each schema row and column used at most once), the template's order only breaking ties.
So a table that prints its columns in another order, leaves some out, adds a 合计, prints 四 in
three rows or 二's blocks in another order is read by what its headers say, not by position.

The transforms chain: ``grid_to_header_bands`` → ``layout_to_header_bands`` (continuation pages
inherit the header of the page before) → ``header_bands_to_paths`` → ``band_table`` →
``paths_to_keys``. One module per concept:

- :mod:`.bands`: header bands of a grid and the printed row and column paths;
- :mod:`.scoring`: how well a printed label or path names a label or path of the format;
- :mod:`.assignment`: printed paths assigned to the format's paths over a whole table;
- :mod:`.vocabulary`: the format's labels of each table, and which table a band belongs to;
- :mod:`.mapping`: a table's bands read into keyed cells (``layout_to_mappings``, what the
  pipeline calls).
"""
