// Package indicator is the indicator catalogue shared by the ledgers and the
// 审校 engine: every quantity a unit reports about its rule-of-law work has
// one stable id here (dotted lowercase, <area>.<measure>), a Chinese name, a
// unit and a definition, so that a figure claimed in a report can later be
// cross-checked against the ledger data behind it.
package indicator
