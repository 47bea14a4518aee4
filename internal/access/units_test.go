package access

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckPlacement_LevelRules(t *testing.T) {
	county := &Unit{ID: 1, Name: "某县", Level: LevelCounty, Path: "/1/"}
	town := &Unit{ID: 2, Name: "某镇", Level: LevelTownship, Path: "/1/2/"}
	village := &Unit{ID: 3, Name: "某村", Level: LevelVillage, Path: "/1/2/3/"}
	dept := &Unit{ID: 4, Name: "司法局", Level: LevelDepartment, Path: "/1/4/"}
	closed := &Unit{ID: 5, Name: "旧镇", Level: LevelTownship, Path: "/1/5/", Closed: true}
	cases := []struct {
		child  Level
		parent *Unit
		want   string // "" allowed, else part of the message
	}{
		{LevelCounty, nil, ""},
		{LevelTownship, nil, "不能作为最上级单位"},
		{LevelTownship, county, ""},
		{LevelVillage, town, ""},
		{LevelVillage, county, "上级单位应为乡镇/街道"},
		{LevelTownship, town, "上级单位应为县/区"},
		{LevelDepartment, county, ""},
		{LevelDepartment, town, ""},
		{LevelDepartment, dept, ""},
		{LevelDepartment, village, "部门/科室不能设在村/社区「某村」之下"},
		{LevelProvince, county, "只能作为最上级单位"},
		{LevelVillage, closed, "已撤销"},
		{Level("hamlet"), town, "层级「hamlet」无效"},
	}
	for _, c := range cases {
		err := CheckPlacement(c.child, c.parent)
		var ue *UnitError
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s under %v: %v", c.child, c.parent, err)
		case c.want != "" && (!errors.As(err, &ue) || !strings.Contains(ue.Msg, c.want)):
			t.Errorf("%s under %v: got %v, want %q", c.child, c.parent, err, c.want)
		}
	}
}

func TestCheckMove_NotUnderItselfOrItsDescendants(t *testing.T) {
	town := &Unit{ID: 2, ParentID: 1, Name: "某镇", Level: LevelTownship, Path: "/1/2/"}
	village := &Unit{ID: 3, ParentID: 2, Name: "某村", Level: LevelVillage, Path: "/1/2/3/"}
	other := &Unit{ID: 12, ParentID: 1, Name: "另镇", Level: LevelTownship, Path: "/1/12/"}
	if err := CheckMove(town, village); err == nil || !strings.Contains(err.Error(), "下级单位") {
		t.Errorf("town under its village: %v", err)
	}
	if err := CheckMove(village, village); err == nil {
		t.Error("village under itself allowed")
	}
	if err := CheckMove(village, town); err == nil || !strings.Contains(err.Error(), "无需移动") {
		t.Errorf("move where it is: %v", err)
	}
	// "/1/12/" starts with "/1/" but not with "/1/2/": a sibling whose id
	// begins with the same digits is no descendant.
	if err := CheckMove(village, other); err != nil {
		t.Errorf("village to another township: %v", err)
	}
}

func TestCleanCreditCode(t *testing.T) {
	for in, want := range map[string]string{"": "", " 91350100m000100y43 ": "91350100M000100Y43"} {
		if got, err := CleanCreditCode(in); err != nil || got != want {
			t.Errorf("CleanCreditCode(%q) = %q, %v", in, got, err)
		}
	}
	for in, msg := range map[string]string{"12345": "应为 18 位", "91350100M000100Y4A": "校验位不符", "91350100M000100YO3": "不是有效字符"} {
		if _, err := CleanCreditCode(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("CleanCreditCode(%q): %v, want %q", in, err, msg)
		}
	}
}

func TestParseLevel_ChineseWords(t *testing.T) {
	for in, want := range map[string]Level{"乡镇": LevelTownship, "街道": LevelTownship, "社区": LevelVillage, "Township": LevelTownship, "部门": LevelDepartment, "县": LevelCounty} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLevel("小区"); err == nil {
		t.Error("小区 accepted as a level")
	}
}
