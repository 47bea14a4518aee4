package proofread

import "strings"

// boilerplate are the stock formulations every report repeats. They are
// removed before a sentence is fingerprinted, so that two reports sharing
// only "坚持以习近平新时代中国特色社会主义思想为指导" are not called copies;
// what remains must still be a passage (copyMinRunes) to count.
var boilerplate = []string{
	"坚持以习近平新时代中国特色社会主义思想为指导",
	"以习近平新时代中国特色社会主义思想为指导",
	"习近平新时代中国特色社会主义思想",
	"深入学习贯彻党的二十大精神",
	"深入学习贯彻党的十九大和十九届历次全会精神",
	"全面贯彻党的十九大和十九届二中三中四中五中六中全会精神",
	"深入学习贯彻习近平法治思想",
	"认真贯彻落实习近平法治思想",
	"习近平法治思想",
	"全面依法治国",
	"法治政府建设实施纲要20212025年",
	"在市委市政府的坚强领导下",
	"在县委县政府的坚强领导下",
	"在区委区政府的坚强领导下",
	"在上级党委政府的正确领导下",
	"现将有关情况报告如下",
	"现将具体情况报告如下",
	"党政主要负责人履行推进法治建设第一责任人职责",
	"运用法治思维和法治方式",
	"科学立法严格执法公正司法全民守法",
	"职能科学权责法定执法严明公开公正智能高效廉洁诚信人民满意",
	"严格规范公正文明执法",
	"行政执法公示制度执法全过程记录制度重大执法决定法制审核制度",
}

// boilerplateReplacer deletes the stock formulations from a normalised
// sentence (Han characters, digits and lower-case letters only).
var boilerplateReplacer = func() *strings.Replacer {
	var args []string
	for _, b := range boilerplate {
		args = append(args, b, "")
	}
	return strings.NewReplacer(args...)
}()
