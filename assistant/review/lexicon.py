"""Word lists and patterns the critique and the drafter read: data, not logic.

- `CONCEPTS`: what a heading or an element name is about (overview, practice, problem ...). An
  element's concepts come from its name as the notice words it; a draft heading is matched to the
  element whose concepts it shares.
- `BODY_CUES`: phrases that show an element's content in running text when it has no heading.
- `COMPARISON`: wording of a comparative figure (同比, 由…提高到…); what counts as a figure is
  `wording.figures`'s business.
- `SUBJECTIVE`: praise and intensifiers that the notices call 感性描述 when no figure backs them.
- `PROCESS_MARKERS`: headings and formulas of project plans and work reports (过程性资料).
"""

from __future__ import annotations

import re
from typing import Literal

Concept = Literal[
    "overview", "practice", "problem", "solution", "result", "lesson", "replicable", "future", "sustain"
]

# Surface forms of each concept in headings and element names, longest first where they overlap.
CONCEPTS: dict[Concept, tuple[str, ...]] = {
    "overview": (
        "基本情况",
        "总体情况",
        "基本概况",
        "总体概况",
        "概况",
        "简况",
        "概述",
        "总体介绍",
        "案例介绍",
        "项目介绍",
        "项目情况",
        "案例情况",
        "背景",
        "理念思路",
        "总体目标",
        "家底",
        "盘子",
        "回顾",
    ),
    "practice": (
        "创新做法",
        "主要做法",
        "具体做法",
        "做法",
        "怎么做",
        "如何做",
        "怎么建",
        "怎么运营",
        "怎么干",
        "打法",
        "创新举措",
        "主要举措",
        "改革举措",
        "举措",
        "创新实践",
        "实践",
        "创新点",
        "主要创新",
        "实施路径",
        "特色亮点",
    ),
    "problem": (
        "遇到的问题",
        "存在的问题",
        "存在问题",
        "制约性问题",
        "制约因素",
        "重点环节",
        "关键环节",
        "问题",
        "困难",
        "难题",
        "难点",
        "难处",
        "不足",
        "挑战",
        "瓶颈",
    ),
    "solution": (
        "破解办法",
        "破解",
        "解决办法",
        "解决措施",
        "怎么解决",
        "解法",
        "改进措施",
        "如何解决",
        "应对措施",
        "应对",
        "对策",
        "突破创新",
        "突破",
    ),
    "result": (
        "成效",
        "成果",
        "效果",
        "效益",
        "成绩",
        "社会反响",
        "反响",
        "新模式",
        "新业态",
        "新应用",
        "业绩",
    ),
    "lesson": ("经验", "启示", "体会", "可提炼", "解决方案"),
    "replicable": (
        "可借鉴性",
        "可推广性",
        "借鉴意义",
        "推广价值",
        "可复制",
        "可推广",
        "借鉴",
        "推广",
        "示范意义",
        "能不能学",
        "照搬",
    ),
    "future": (
        "下一步",
        "下一阶段",
        "未来规划",
        "未来",
        "今后",
        "接下来",
        "怎么推进",
        "如何推进",
        "工作思路",
        "展望",
        "发展计划",
        "工作计划",
        "计划",
        "打算",
        "推进方向",
        "优化方向",
        "方向",
        "发展潜力",
        "潜力",
        "发展预期",
        "预期",
        "前景",
    ),
    "sustain": ("可持续运营", "可持续", "持续运营", "运营能力", "积极影响", "行业影响", "高质量发展"),
}

# Concepts a heading about one may stand for when the notice asks for the other: what others can
# take from a case is 可提炼的经验 in one call and 可借鉴性、可推广性 in another.
KIN: dict[Concept, Concept] = {"replicable": "lesson", "lesson": "replicable"}

# Phrases in running text that show a concept's content without a heading. Stricter than the
# heading words: a body says 问题 or 推广 in passing far more often than a heading does.
BODY_CUES: dict[Concept, re.Pattern[str]] = {
    "overview": re.compile(
        r"(于|在)\d{4}年(\d{1,2}月)?(启动|上线|建成|开通|成立|推出|开始)|位于|成立于|基本情况|总体情况|概况"
    ),
    "practice": re.compile(r"创新做法|主要做法|具体做法|创新举措|主要举措|一是.{2,80}二是|首先.{2,120}其次"),
    "problem": re.compile(
        r"(遇到|面临|存在|碰到)(了|的)?[^。；]{0,12}(问题|困难|难题|挑战|瓶颈)|难题|痛点|瓶颈|制约性问题"
    ),
    "solution": re.compile(r"破解|解决办法|(办法|措施|方法)是|为此|对此|针对(这|上述|此)|应对|对策|突破"),
    "result": re.compile(
        r"取得(了)?[^。；]{0,8}(成效|成果|效果)|成效|社会效益|经济效益|社会反响|形成(了)?[^。；]{0,30}(新模式|新业态|新应用)"
    ),
    "lesson": re.compile(r"经验|启示|体会|可复制|可推广|借鉴"),
    "replicable": re.compile(r"可复制|可推广|借鉴|推广价值|示范意义"),
    "future": re.compile(
        r"下一步|下一阶段|今后|未来(将|计划|三年|两年|一年|五年)|展望|计划(于|在|到)?\d{4}|\d{4}年(计划|将)"
    ),
    "sustain": re.compile(r"可持续|持续运营|运营能力|高质量发展"),
}

# Where else the case would work, or where it already has been copied.
_TRANSFER = r"适合|适用于|参照|(可|能够?|已)在[^。]{0,20}(复制|推广)|前来(学习|考察|交流)"

# Broader cues for a draft without headings, where every element lives in running text.
LOOSE_CUES: dict[Concept, re.Pattern[str]] = {
    **BODY_CUES,
    "practice": re.compile(
        r"做法|举措|依托|利用|采用|引入|推出|搭建|构建|打造|建立|开发|部署|上线|创新|实行|推行|设立|组建|开设|制定|出台"
    ),
    "overview": re.compile(r"\d{4}年|启动|上线|建成|开通|成立|位于|是.{2,30}(平台|服务|项目|中心)"),
    "result": re.compile(
        r"成效|成果|效果|效益|反响|新模式|新业态|新应用|增长|下降|提高到|提升到|降到|降至|缩短|收入|同比"
    ),
    # A difficulty told without the word 问题: what was lacking, unstable, resisted or too costly.
    "problem": re.compile(
        BODY_CUES["problem"].pattern
        + r"|不足|短缺|不稳定|难以|薄弱|顾虑|抵触|制约|障碍|不会用|不熟悉|参差不齐|卡顿|成本高|周期长|掉线|误报"
        + r"|(最大|主要)的?(困难|问题|难点|挑战)|担心|担忧|无法|成本偏高"
    ),
    "lesson": re.compile(
        BODY_CUES["lesson"].pattern + r"|关键(是|在于)|实践(证明|表明)|我们(的)?(认为|体会|感到)|" + _TRANSFER
    ),
    "replicable": re.compile(BODY_CUES["replicable"].pattern + "|" + _TRANSFER),
    "future": re.compile(
        BODY_CUES["future"].pattern
        + r"|力争|预计|拟(于|在|将)|目标(是|为)|接下来|\d{4}年[^。，；]{0,6}(将|计划|准备|力争)"
    ),
}

SUMMARY_TITLES = re.compile(r"^(案例|项目|内容)?(简介|摘要|提要|概要)(（\d+字以内）)?$")

# --- figures -------------------------------------------------------------------------------------

COMPARISON = re.compile(
    r"同比|环比|增长|下降|降至|提升至|提高至|增至|较上年|较去年|相比|对比|由[^。，]{1,15}(提升|提高|增加|下降|降低)?(至|到)"
)

# --- subjective wording --------------------------------------------------------------------------

# (phrase pattern, weight): evaluative praise counts 1, a bare intensifier 0.5.
SUBJECTIVE: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(p), w)
    for p, w in (
        (r"极大(地)?", 1.0),
        (
            r"广受好评|好评如潮|广泛好评|一致好评|备受好评|深受好评|交口称赞|赞不绝口|有口皆碑|拍手称(赞|快)|"
            r"高度评价|高度认可|高度肯定|广泛赞誉|一致赞誉|一致称赞|纷纷点赞|一致认为|有目共睹",
            1.0,
        ),
        (r"(非常|十分|极其|极为|相当|特别)(成功|出色|突出|显著|明显|满意|受欢迎|重要|好|火爆|热烈)", 1.0),
        (r"圆满成功|巨大成功|空前成功|大获成功|巨大(成效|成就|反响)", 1.0),
        (r"深受[^，,。；;]{0,6}?(欢迎|喜爱|青睐|好评|赞誉)|备受(关注|青睐|瞩目|欢迎)", 1.0),
        (r"反响(强烈|热烈)|强烈反响|热烈反响", 1.0),
        (r"前所未有|史无前例|空前|翻天覆地|质的飞跃|里程碑式|革命性|颠覆性|划时代|耳目一新", 1.0),
        (
            r"(国内|国际|世界|全国|行业)(领先|一流|首创)|遥遥领先|首屈一指|独一无二|独树一帜|"
            r"堪称(典范|样板|标杆|楷模)",
            1.0,
        ),
        (r"效果显著|成效显著|成效斐然|效果明显|效果突出|成绩斐然|硕果累累|意义(重大|深远|非凡)", 1.0),
        (r"令人(瞩目|振奋|惊叹|称道|赞叹)", 1.0),
        (
            r"显著(提升|提高|增强|改善|增长)?|大幅(度)?(提升|提高|增长|增加)?|明显(提升|提高|改善)|全面提升",
            0.5,
        ),
    )
)
SUPPORTING_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")

# --- process documents (project plans, work reports) ---------------------------------------------

PLAN_HEADINGS = re.compile(
    r"项目背景|建设目标|建设内容|建设方案|建设规模|技术方案|总体设计|系统架构|技术架构|功能设计|需求分析|"
    r"实施计划|实施步骤|实施方案|进度安排|实施进度|投资估算|资金预算|经费预算|预算|资金来源|组织保障|保障措施|"
    r"风险分析|验收|里程碑|可行性|技术路线|部署方案|设备清单|招标"
)
REPORT_HEADINGS = re.compile(r"工作总结|总结报告|工作报告|工作开展情况|存在的不足|不足之处|述职")
PROCESS_FORMULAS = re.compile(
    r"汇报如下|报告如下|特此报告|特此汇报|现将[^。]{0,30}(汇报|报告)|本(方案|项目方案|技术方案|实施方案)|"
    r"(项目|技术|建设|实施)方案[（(]?(简版|简化版|节选)|可行性研究报告"
)

# --- numbering -----------------------------------------------------------------------------------

# What an element asks for, by its first concept: the critique's fix and the drafter's placeholder.
GUIDANCE: dict[Concept, str] = {
    "overview": "交代实施主体、启动和上线时间、服务对象、覆盖范围和用户规模等基本情况",
    "practice": "分条写明针对的业务场景和用户需求，以及采取的具体创新举措（技术、产品、服务、运营）",
    "problem": "写明推进中遇到的具体问题或困难，采取的破解办法，以及破解后的效果",
    "solution": "写明采取的破解办法或突破举措及其效果",
    "result": "用数据写明取得的成效：用户规模、收入、增长率、满意度等社会效益和经济效益，最好有实施前后或同比对比",
    "lesson": "提炼可复制推广的经验、启示或解决方案，并说明适用条件",
    "replicable": "说明可借鉴、可推广之处和适用范围，以及未来发展潜力",
    "future": "写明下一步的具体计划、目标和时间安排",
    "sustain": "说明可持续运营能力（收支情况、商业模式）、未来发展预期及对行业的积极影响",
}

# Which element a loose fact sentence belongs to, tried in this order (the first match wins);
# a sentence matching none goes to the overview when it opens the facts, else to practice.
FACT_CUES: tuple[tuple[Concept, re.Pattern[str]], ...] = (
    (
        "future",
        re.compile(
            r"下一步|下一阶段|今后|未来|展望|计划|打算|准备|目标|拟于|拟在|"
            r"将(继续|进一步|推进|扩大|新增|接入|拓展|上线|推出|开发|建设|把|在)"
        ),
    ),
    (
        "problem",
        re.compile(
            r"问题|困难|难题|痛点|瓶颈|挑战|难以|不足|短缺|操作难|不会|导致|不够|不一|停滞|拥堵|制约|最难|"
            r"(早期|初期|起初|刚开始|一开始)|(难|慢|差|低|高|长)[，,]"
        ),
    ),
    (
        "replicable",
        re.compile(
            r"可复制|可推广|借鉴|推广到|复制到|复制推广|推广复制|可在[^。，]{0,12}(复制|推广)|参照|考察|"
            r"被[^。，]{0,12}(引入|采用|参照|借鉴|复制)"
        ),
    ),
    (
        "lesson",
        re.compile(r"经验|启示|体会|说明|关键|最看重|缺一不可|必须|才能|要(靠|抓住|以|兼顾|先|坚持|把)"),
    ),
    (
        "sustain",
        re.compile(
            r"可持续|持续运营|持续制作|盈利|收入来自|运营成本|收费标准|商业模式|收支|造血|固定投入|续签"
        ),
    ),
    (
        "result",
        re.compile(
            r"成效|效益|反响|好评|荣获|入选|获得|满意度|增长|提升|提高|降至|下降|同比|收入|营收|利润|续约|活跃|累计|达到|"
            r"增至|增加|减少|缩短|下载|节省|获[^。；，]{0,12}奖"
        ),
    ),
    ("overview", re.compile(r"成立|位于|总投资|始建|前身|我们是|面向|于\d{4}年(启动|上线|成立|建成)")),
    (
        "practice",
        re.compile(
            r"通过|依托|利用|采用|引入|推出|搭建|构建|打造|建立|开发|创新|实现|提供|接入|整合|做了|合作"
        ),
    ),
)

# Where a fact of a concept goes when the category has no element of that concept.
CONCEPT_FALLBACK: dict[Concept, tuple[Concept, ...]] = {
    "overview": ("practice",),
    "practice": ("overview",),
    "problem": ("solution", "practice"),
    "solution": ("problem", "practice"),
    "result": ("sustain", "replicable"),
    "lesson": ("replicable", "future", "result"),
    "replicable": ("lesson", "sustain", "result"),
    "future": ("sustain", "replicable", "lesson"),
    "sustain": ("result", "future"),
}
