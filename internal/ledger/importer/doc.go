// Package importer reads a kind's records from an Excel workbook: the
// columns are the kind's field labels (as the export writes them) plus
// 所属单位 and 状态. It checks every row and cell first, keeping only the
// problems (row, column, value and a Chinese reason) — never the rows — in
// memory, and writes in a second pass over the file, so a large workbook is
// streamed within bounded memory.
//
// A row naming a later state is brought there by replaying the workflow:
// Plan finds the shortest path of transitions from the initial state that
// consumes every step field the row fills, and the Target (the store) takes
// each transition through the engine as the importing user, so the
// statutory guards judge imported history as they judge a clerk's clicks.
//
// The package knows no HTTP and no SQL: names are resolved through a
// Resolver and rows are checked and written through a Target. A field's
// cell is read by one function per field type (see RegisterCell), so a new
// field type plugs in without touching the rest.
package importer
