package demo

import "fmt"

// Fictional places, people and matters of the demo county. Every name here
// is invented.

const countyName = "青山县"

type township struct {
	name, short string // short: ASCII part of user names
	level       string // 镇 or 乡
	villages    []string
	clerk       string // display names of the township's users
	reviewer    string
	head        string
	// scripted: the scripted days act here (the README's first ten
	// minutes, the browser tests); generated records stay out of it.
	scripted bool
}

var townships = []township{
	{name: "云溪镇", short: "yunxi", villages: []string{"溪口村", "竹林村"}, clerk: "陈晓雯", reviewer: "林一帆", head: "吴志远", scripted: true},
	{name: "桃源乡", short: "taoyuan", villages: []string{"桃花村", "柳湾村"}, clerk: "刘思琪", reviewer: "郑浩然", head: "何振华"},
	{name: "石门镇", short: "shimen", villages: []string{"石门社区", "龙潭村"}, clerk: "孙悦", reviewer: "马骏", head: "黄立新"},
}

var countyDepartments = []string{"县司法局", "县发展和改革局", "县自然资源局"}

// Departments (科室) inside a township: a field of each record.
var townDepartments = []string{"党政综合办公室", "经济发展办公室", "社会事务办公室", "自然资源所", "综合行政执法队", "农业农村办公室", "司法所"}

var contractTitles = []string{
	"农贸市场摊位租赁合同", "村级道路养护服务采购合同", "污水处理设施委托运营合同", "政府办公楼维修工程施工合同",
	"文化站场地租赁合同", "农村饮水安全工程设计服务合同", "垃圾清运服务外包合同", "法律顾问服务合同",
}

var normativeTitles = []string{
	"关于加强农村宅基地管理的实施意见", "村级集体资产管理办法", "关于规范农村村民建房审批的通知",
	"镇级财政专项资金管理暂行办法", "农村人居环境整治长效管护办法", "关于加强河道管理的通告",
}

var enforcementTitles = []string{
	"关于对某养殖场违法排污的行政处罚决定", "关于违法占用耕地建房的限期拆除决定",
	"关于对某砂石场无证开采的行政处罚决定", "关于对某餐饮店占道经营的行政处罚决定",
}

var villageTitles = []string{"村规民约（修订稿）", "集体土地承包方案", "集体经济组织章程", "村务公开制度"}

var decisionTitles = []string{
	"农村生活垃圾分类处理实施方案", "集镇停车管理办法", "集镇污水管网改造工程建设方案", "农村宅基地有偿退出试点方案",
	"乡村旅游发展规划", "农贸市场升级改造方案", "中小学校布局调整方案", "农村供水一体化工程方案",
	"集镇防洪排涝工程建设方案", "老旧小区改造实施方案", "高标准农田建设项目实施方案", "敬老院改扩建方案",
	"农村公路提档升级三年行动方案", "集镇控制性详细规划", "农村集体经营性建设用地入市实施方案",
	"生态公益林补偿资金分配方案", "村级组织活动场所建设方案", "集镇供热管网建设方案",
}

var dissents = []string{
	"无",
	"无",
	"一名委员认为资金测算偏紧，建议分年度实施。",
	"一名委员建议进一步听取周边村民意见后再实施。",
}

// GeneratedTownships are the scripted county's townships that generated
// records go into by default: all but the one the scripted days act on.
func GeneratedTownships() []string {
	var out []string
	for _, t := range townships {
		if !t.scripted {
			out = append(out, t.name)
		}
	}
	return out
}

// CheckTownships refuses generating into the township the scripted days
// act on: its to-do lists and records are what the walkthrough and the
// browser tests expect.
func CheckTownships(names []string) error {
	for _, n := range names {
		for _, t := range townships {
			if t.scripted && t.name == n {
				return fmt.Errorf("“%s”是演示脚本所用的乡镇，生成的记录不放入该乡镇；请选择其他乡镇", n)
			}
		}
	}
	return nil
}
