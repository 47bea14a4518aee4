package web

// checkSampleReport is a constructed township report with known defects:
// the level-1 numbering skips 四、 (line 9: 五、 after 三、), line 4 says
// 截止 where 截至 is meant, and part 5 is absent.
const checkSampleReport = `甲镇2023年法治政府建设工作情况报告
2023年，甲镇坚持以习近平法治思想为指导，深入推进法治政府建设，现将有关情况报告如下。
一、主要举措和成效
截止2023年12月底，全镇共办理行政复议案件3件，全部依法办结。
二、存在的不足和原因
一是法治宣传教育的针对性还不够强；二是基层执法人员力量仍然薄弱。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记认真履行第一责任人职责，全年召开专题会议研究法治建设工作4次。
五、2024年主要安排
2024年，甲镇将继续加强执法队伍建设，完善合法性审查机制。
`

// checkOtherReport is a second township's report that shares nothing
// with checkSampleReport but its headings and short stock phrases.
const checkOtherReport = `乙镇2023年法治政府建设年度报告
一、主要举措和成效
乙镇聚焦行政执法规范化建设，全年开展执法案卷评查两轮，评查案卷四十六卷。
二、存在的不足和原因
部分村居法律顾问作用发挥不充分，个别执法人员程序意识有待提高。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇长带头学法，在镇政府常务会议前安排专题学法六次。
四、下一年度主要安排
乙镇将推动公共法律服务站点提质增效，做好村居法律顾问年度考核。
五、其他需要报告的情况
无。
`
