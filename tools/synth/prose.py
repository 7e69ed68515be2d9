"""Agency names, report years and the report's prose, whose numbers agree with the printed tables."""

from __future__ import annotations

import random

from .spec import T3_VALUE_COLS, Template, load_spec

from .model import Expected, Prose

_P1 = "临清安平河江宁阳泰兴华云泉丰永长新青金德嘉武昌福海南东西"
_P2 = "川山江阳州平安城源丰宁泉河水林和台兴"
_DEPTS = ("生态环境局", "自然资源和规划局", "住房和城乡建设局", "教育局", "市场监督管理局", "交通运输局",
          "卫生健康委员会", "人力资源和社会保障局", "财政局", "农业农村局", "应急管理局", "民政局")
_TOWN = ("镇人民政府", "乡人民政府", "街道办事处")


def _place(rng: random.Random) -> str:
    return rng.choice(_P1) + rng.choice(_P2)


def make_agency(rng: random.Random) -> tuple[str, str, str]:
    """(agency name, level for value scales, site name)."""
    level = rng.choices(["town", "dept", "county", "city_dept", "city"], weights=[15, 25, 20, 20, 20])[0]
    city, county = _place(rng), _place(rng)
    cty = f"{county}{rng.choice('县区')}"
    if level == "city":
        name = f"{city}市人民政府" + rng.choice(["", "办公室"])
    elif level == "city_dept":
        name = f"{city}市{rng.choice(_DEPTS)}"
    elif level == "county":
        name = f"{cty}人民政府" + rng.choice(["", "办公室"])
    elif level == "dept":
        name = f"{cty}{rng.choice(_DEPTS)}"
    else:
        name = f"{cty}{_place(rng)}{rng.choice(_TOWN)}"
    return name, level, (f"{city}市" if level.startswith("city") else cty)


def make_year(rng: random.Random, template: Template) -> int:
    return rng.choice([2019, 2020]) if template.t2 == "2019" else rng.choice([2021, 2022, 2023, 2024])


def _n(cells: dict[str, Expected], key: str) -> int | float:
    return cells.get(key) or 0


def _fmt(x: int | float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.6f}".rstrip("0").rstrip(".")


def _pct(part: int | float, whole: int | float) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "0%"


_FILLER_MGMT = (
    "严格落实“先审查、后公开”和“一事一审”制度，规范信息发布流程，确保公开信息准确、安全。",
    "对照主动公开基本目录，动态更新各栏目内容，及时清理过期、失效信息。",
    "坚持公文公开属性源头认定，拟制公文时明确公开属性，随公文一并报批。",
)
_FILLER_PLATFORM = (
    "持续优化政府门户网站政府信息公开专栏，完善政策文件库，提升检索便利度。",
    "发挥政务新媒体作用，通过微信公众号、政务微博等渠道同步发布重要政策信息。",
    "加强政府信息公开查阅点建设，为公众查阅政府信息提供便利。",
)
_FILLER_SUPERVISION = (
    "将政务公开工作纳入年度绩效考核，定期开展自查自纠，及时整改发现的问题。",
    "组织政务公开业务培训，提升工作人员业务能力和依法公开意识。",
    "主动接受社会监督，畅通意见反馈渠道，认真处理群众意见建议。",
)
_PROBLEMS = (
    "一是政策解读形式还不够丰富，解读的针对性和实效性有待提升；二是依申请公开答复的规范化水平仍需提高；"
    "三是基层政务公开标准化规范化建设还需进一步推进。",
    "工作中仍存在一些不足：部分栏目信息更新不够及时，公开内容的深度和广度有待拓展，工作人员业务能力需进一步加强。",
    "对照上级要求和群众期盼，政务公开工作还存在一定差距，主要是主动公开的质量有待提高，政民互动还需加强。",
)
_IMPROVE = (
    "下一步，将进一步完善工作机制，加大培训力度，丰富解读形式，不断提升政务公开工作质量。",
    "针对上述问题，将持续深化重点领域信息公开，规范依申请公开办理流程，强化监督考核，推动政务公开工作再上新台阶。",
    "我们将认真研究改进措施，加强统筹协调，压实工作责任，切实提高政府信息公开工作水平。",
)


def _t2_sentences(cells: dict[str, Expected], printed: dict[str, str], template: Template, detail: bool) -> list[str]:
    if template.t2 == "2021":
        s = (f"本年制发规章{_n(cells, 't2.regulations.issued')}件、"
             f"行政规范性文件{_n(cells, 't2.normative_docs.issued')}件，"
             f"废止行政规范性文件{_n(cells, 't2.normative_docs.repealed')}件，"
             f"现行有效行政规范性文件{_n(cells, 't2.normative_docs.in_force')}件。")
        out = [s]
        if detail:
            out.append(f"现行有效规章{_n(cells, 't2.regulations.in_force')}件，"
                       f"本年废止规章{_n(cells, 't2.regulations.repealed')}件。"
                       f"全年作出行政许可处理决定{_n(cells, 't2.licensing.decisions')}件，行政处罚决定"
                       f"{_n(cells, 't2.penalty.decisions')}件，行政强制决定{_n(cells, 't2.coercion.decisions')}件，"
                       f"收取行政事业性收费{_fmt(_n(cells, 't2.fees.amount'))}万元。")
        return out
    s = (f"本年新制作规范性文件{_n(cells, 't2.normative_docs.made')}件，"
         f"新公开{_n(cells, 't2.normative_docs.published')}件，"
         f"对外公开规范性文件总数{_n(cells, 't2.normative_docs.total_published')}件。")
    out = [s]
    if detail:
        parts = [f"规章本年新制作{_n(cells, 't2.regulations.made')}件、"
                 f"新公开{_n(cells, 't2.regulations.published')}件、"
                 f"对外公开总数{_n(cells, 't2.regulations.total_published')}件"]
        for row, label in (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"),
                           ("penalty", "行政处罚"), ("coercion", "行政强制")):
            ch = _n(cells, f"t2.{row}.change")
            word = f"增加{ch}项" if ch > 0 else (f"减少{-ch}项" if ch < 0 else "无增减")
            parts.append(f"{label}{'' if label.endswith('事项') else '事项'}"
                         f"上一年{_n(cells, f't2.{row}.prev_items')}项、本年{word}、"
                         f"处理决定{_n(cells, f't2.{row}.decisions')}件")
        ch = _n(cells, "t2.fees.change")
        word = f"增加{ch}项" if ch > 0 else (f"减少{-ch}项" if ch < 0 else "无增减")
        parts.append(f"行政事业性收费项目上一年{_n(cells, 't2.fees.prev_items')}项、本年{word}")
        amount = printed["t2.procurement.amount"]
        amount = amount if amount.endswith("元") else f"{_fmt(_n(cells, 't2.procurement.amount'))}万元"
        parts.append(f"政府集中采购项目{_n(cells, 't2.procurement.items')}个、采购总金额{amount}")
        out.append("；".join(parts) + "。")
    return out


def _t3_sentences(rng: random.Random, cells: dict[str, Expected], template: Template) -> list[str]:
    schema = load_spec()
    new, carried = _n(cells, "t3.new.total"), _n(cells, "t3.carried_over.total")
    nat = _n(cells, "t3.new.natural")
    org = sum(_n(cells, f"t3.new.{c}") for c in T3_VALUE_COLS[1:])
    done, forward = _n(cells, "t3.result.total.total"), _n(cells, "t3.carried_forward.total")
    rows = schema.t3_rows[template.t3_other]

    def group(prefix: str) -> int:
        return sum(_n(cells, r.cell_key("total")) for r in rows if r.key.startswith(prefix))

    granted, partial = _n(cells, "t3.result.granted.total"), _n(cells, "t3.result.partial.total")
    denied, unavail, notproc = group("result.denied"), group("result.unavailable"), group("result.not_processed")
    other = group("result.other")
    lead = rng.choice(["全年共收到政府信息公开申请", "本年度共收到政府信息公开申请", "共新收政府信息公开申请"])
    s1 = f"{lead}{new}件，上年结转{carried}件。其中自然人申请{nat}件，法人或其他组织申请{org}件。"
    s2 = (f"本年度办结{done}件，其中予以公开{granted}件，部分公开{partial}件，"
          f"予以公开及部分公开占{_pct(granted + partial, done)}；"
          f"不予公开{denied}件，无法提供{unavail}件，不予处理{notproc}件，其他处理{other}件。"
          f"结转下年度继续办理{forward}件。")
    review = _n(cells, "t4.review.total")
    suits = _n(cells, "t4.lawsuit_direct.total") + _n(cells, "t4.lawsuit_after_review.total")
    s3 = (f"因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{suits}件。" if review or suits
          else "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    return [s1 + s2, s3]


def make_prose(rng: random.Random, agency: str, site: str, year: int, template: Template,
               cells: dict[str, Expected], printed: dict[str, str], long: bool, t2_detail: bool) -> Prose:
    title = rng.choice([f"{agency}{year}年政府信息公开工作年度报告", f"{agency}{year}年度政府信息公开工作年度报告",
                        f"{year}年{agency}政府信息公开工作年度报告"])
    notice = "国办公开办函〔2021〕30号" if template.t2 == "2021" else "国办公开办函〔2019〕60号"
    intro = ["本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
             "和《中华人民共和国政府信息公开工作年度报告格式》"
             f"（{notice}）要求编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
             f"本报告电子版可在“{site}人民政府”门户网站查阅或下载。如对本报告有疑问，请与{agency}联系。"]
    overall = [f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，"
               "认真贯彻落实《条例》和上级关于政务公开工作的部署要求，"
               f"持续推进决策、执行、管理、服务、结果公开，不断提高政府工作透明度。"]
    overall.append("（一）主动公开")
    overall.append(" ".join(_t2_sentences(cells, printed, template, t2_detail)))
    overall.append("（二）依申请公开")
    overall.extend(_t3_sentences(rng, cells, template))
    if long:
        for head, pool in (("（三）政府信息管理", _FILLER_MGMT), ("（四）政府信息公开平台建设", _FILLER_PLATFORM),
                           ("（五）监督保障", _FILLER_SUPERVISION)):
            overall.append(head)
            overall.append("".join(rng.sample(pool, k=2)))
    problems = [rng.choice(_PROBLEMS), rng.choice(_IMPROVE)]
    fee = rng.choice([0, 0, 0, rng.randint(1, 40) * 10])
    charged = "未收取信息处理费" if not fee else f"共收取信息处理费{fee}元"
    other = [f"依据《政府信息公开信息处理费管理办法》，本年度{charged}。"]
    if long:
        other.append("本年度认真落实年度政务公开工作要点，各项任务均已按期完成。")
    return Prose(title=title, intro=intro, overall=overall, problems=problems, other=other,
                 problems_title=rng.choice(["五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况",
                                            "五、政府信息公开工作存在的主要问题及改进情况"]))
