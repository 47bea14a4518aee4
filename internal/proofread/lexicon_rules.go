package proofread

// newLexiconRules builds the data-driven rules (word.confusable,
// term.outdated, cite.law-title, cite.document-title, char.duplicate,
// script.latin) from the embedded lists and cfg.ExtraFiles.
//
// ExtraFiles kinds: "confusables", "outdated", "laws", "documents",
// "reduplications" and "doubled_starts", each a file in the format of the
// built-in list it extends (see the type comments in confusable.go,
// outdated.go, cite.go and duplicate.go); "words" and "terms" extend the
// language layer (lang.go); "corpus" adds sentences to the statistics of
// word.unlikely-pair (pairs_model.go).
//
// word.confusable and term.outdated share one Aho–Corasick pass per line (the
// LineRule with ID "lexicon"); the cite rules run as the LineRule "cite".
func newLexiconRules(cfg Config) ([]LineRule, []DocRule, *lang, error) {
	conf, err := loadConfusables(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	outdated, err := loadOutdated(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	redup, err := loadReduplications(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	laws, aliases, err := loadLaws(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	docs, err := loadDocuments(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	starts, err := loadDoubledStarts(cfg, laws)
	if err != nil {
		return nil, nil, nil, err
	}
	g := newLang(cfg, laws, aliases)
	if cfg.ExtraFiles["words"] != "" || cfg.ExtraFiles["terms"] != "" {
		// a deployment's own words: a bad file is reported now, not at the
		// first report checked
		if err := g.load(); err != nil {
			return nil, nil, nil, err
		}
	}
	pairs := newPairRule(g, cfg)
	if cfg.ExtraFiles["corpus"] != "" {
		if _, err := pairs.model(); err != nil {
			return nil, nil, nil, err
		}
	}
	return []LineRule{
		newLexiconScan(conf, outdated),
		pairs,
		particleRule{g: g},
		newNonwordRule(g),
		newLawShortRule(laws, aliases),
		newCiteRule(laws, aliases, docs),
		newDuplicateRule(redup, starts),
		latinRule{},
	}, nil, g, nil
}
