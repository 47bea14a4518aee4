package proofread

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCheckCorpus_SharedPassages(t *testing.T) {
	shared := "我镇坚持把矛盾纠纷排查化解作为维护基层稳定的重要抓手，建立镇村两级联动排查机制，每月集中开展一次拉网式排查。"
	edited := "我镇坚持把矛盾纠纷排查化解作为维护基层稳定的关键抓手，建立镇村两级联动排查机制，每月集中开展一次拉网式排查。"
	boiler := "坚持以习近平新时代中国特色社会主义思想为指导。"
	doc := func(unit, own string, extra ...string) string {
		return coreBody(append([]string{boiler, own + "本镇独有的第一段文字内容描述了" + unit + "的具体做法和取得的实际成效。"}, extra...)...)
	}
	inputs := []Input{
		{Name: "a.txt", Data: []byte(doc("甲镇", "甲", shared))},
		{Name: "b.txt", Data: []byte(doc("乙镇", "乙", shared))},
		{Name: "c.txt", Data: []byte(doc("丙镇", "丙", edited))},
		{Name: "d.txt", Data: []byte(doc("丁镇", "丁", shared))},
		{Name: "e.txt", Data: []byte(doc("戊镇", "戊"))},
		{Name: "bad.txt"},
	}
	c, _ := NewChecker(Config{})
	var calls atomic.Int32 // progress is called from several goroutines
	res, errs := c.CheckCorpus(context.Background(), inputs, func() { calls.Add(1) })
	if int(calls.Load()) != len(inputs) {
		t.Errorf("progress called %d times, want %d", calls.Load(), len(inputs))
	}
	if errs[5] == nil || res[5] != nil || !strings.Contains(errs[5].Error(), "bad.txt") {
		t.Fatalf("bad.txt: result %v, error %v", res[5], errs[5])
	}
	for i, want := range []int{3, 3, 3, 3, 0} {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		cs := coreOnly(res[i], "copy.similar")
		if want == 0 {
			if len(cs) != 0 {
				t.Errorf("%s: %+v, want no copy finding", inputs[i].Name, cs)
			}
			continue
		}
		if len(cs) != 1 {
			t.Fatalf("%s: %d copy findings %+v, want 1", inputs[i].Name, len(cs), cs)
		}
		f := cs[0]
		if !strings.Contains(f.Message, fmt.Sprintf("另外%d份", want)) || f.Line != 5 || f.Column != 1 {
			t.Errorf("%s: %+v", inputs[i].Name, f)
		}
		text := strings.Split(string(inputs[i].Data), "\n")[f.Line-1]
		if !strings.HasPrefix(text, f.Excerpt) || !strings.HasSuffix(f.Excerpt, "排查") {
			t.Errorf("%s: excerpt %q is not the passage on line %d", inputs[i].Name, f.Excerpt, f.Line)
		}
	}
}

func TestCheckCorpus_ManyCopiesReportedOnceWithCount(t *testing.T) {
	shared := "全镇建立健全重大行政决策目录管理制度，凡列入目录的事项一律履行公众参与专家论证风险评估合法性审查和集体讨论决定程序。"
	var inputs []Input
	for i := 0; i < 40; i++ {
		inputs = append(inputs, Input{Name: fmt.Sprintf("r%02d.txt", i), Data: []byte(coreBody(shared, distinctText(i)))})
	}
	c, _ := NewChecker(Config{})
	res, _ := c.CheckCorpus(context.Background(), inputs, nil)
	cs := coreOnly(res[7], "copy.similar")
	if len(cs) != 1 {
		t.Fatalf("%d findings %+v", len(cs), cs)
	}
	if !strings.Contains(cs[0].Message, "另外39份") || !strings.Contains(cs[0].Message, "r00.txt 第3行") ||
		strings.Count(cs[0].Message, "第3行") != copyPlaces || !strings.HasSuffix(cs[0].Message, "等") {
		t.Errorf("message %q", cs[0].Message)
	}
}

// distinctText is a sentence of 40 pseudo-random characters, different for
// every i (fixed seed).
func distinctText(i int) string {
	pool := []rune("山水田园村镇街道河湖林草花木春夏秋冬东南西北上下左右红黄蓝绿金银铜铁风雨雷电日月星辰江海")
	x := uint32(i*2654435761 + 12345)
	var b strings.Builder
	for k := 0; k < 40; k++ {
		x = x*1103515245 + 12345
		b.WriteRune(pool[(x>>16)%uint32(len(pool))])
	}
	return b.String() + "。"
}

func TestCheckCorpus_BoilerplateIsNotCopying(t *testing.T) {
	stock := "2023年，我镇坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，深入学习贯彻习近平法治思想。"
	var inputs []Input
	for i := 0; i < 3; i++ {
		inputs = append(inputs, Input{Name: fmt.Sprintf("r%d.txt", i), Data: []byte(coreBody(stock, distinctText(i)))})
	}
	c, _ := NewChecker(Config{})
	res, _ := c.CheckCorpus(context.Background(), inputs, nil)
	for _, r := range res {
		if cs := coreOnly(r, "copy.similar"); len(cs) != 0 {
			t.Errorf("%s: stock formulations reported as copying: %+v", r.File, cs)
		}
	}
}
