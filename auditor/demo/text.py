"""Chinese text for the estate's pages: titles and bodies in the register of county sites.

Every function takes a seeded `random.Random`, so the same seed writes the same words.
"""

from __future__ import annotations

import random

TOPICS = (
    "秋冬季大气污染防治", "安全生产大检查", "农村人居环境整治", "防汛抗旱", "乡村振兴",
    "优化营商环境", "森林防火", "冬季供暖保障", "食品安全", "河长制", "高标准农田建设",
    "就业创业服务", "义务教育均衡发展", "城乡居民医保参保", "消防安全", "文明城市创建",
    "耕地保护", "信访积案化解", "扫黑除恶常态化", "政务服务“一网通办”", "重点项目建设",
    "燃气安全排查", "农村饮水安全", "疫苗接种", "秸秆禁烧", "道路交通安全",
)
PLACES = ("城关镇", "会溪镇", "白鹤镇", "平乐镇", "柳林镇", "石桥镇", "东关镇", "马庄镇", "杨湖镇", "龙泉镇",
          "产业集聚区", "县城区", "北部山区")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("建国", "志强", "海燕", "红梅", "卫东", "晓东", "丽华", "国庆", "文斌", "春生", "玉兰", "新民",
         "振华", "秀英", "明辉", "立新", "建军", "雪梅", "宏伟", "晓光")
SERVICES = (
    "个体工商户设立登记", "城乡居民养老保险参保登记", "最低生活保障审批", "建筑工程施工许可",
    "食品经营许可", "失业保险金申领", "残疾人两项补贴申请", "医疗费用报销", "临时救助审批",
    "农村宅基地审批", "取水许可", "道路运输经营许可", "户口迁移", "居民身份证办理", "生育登记",
    "教师资格认定", "民办学校设立审批", "排污许可", "林木采伐许可", "公共场所卫生许可",
)
LEADER_POSTS = {
    "county": ("县长", "常务副县长", "副县长", "副县长", "副县长", "副县长", "县政府党组成员"),
    "town": ("镇党委书记", "镇长", "镇党委副书记", "副镇长", "副镇长"),
    "department": ("党组书记、局长", "党组成员、副局长", "党组成员、副局长", "党组成员、纪检组长"),
}
DUTIES = ("财政、税务、金融工作", "发展改革、统计、招商引资工作", "教育、卫生健康、医疗保障工作",
          "自然资源、住房城乡建设、交通运输工作", "农业农村、水利、林业工作", "公安、司法、信访、应急管理工作",
          "民政、人力资源和社会保障、退役军人事务工作", "市场监管、商务、文化旅游工作", "机关日常事务及党建工作")


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def masked_person(rng: random.Random) -> str:
    """How mailboxes show a letter writer: 王** ."""
    return rng.choice(SURNAMES) + "**"


def title_for(kind: str, rng: random.Random, unit: str, year: int) -> str:
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    shapes = {
        "news": (f"{unit}召开{topic}工作推进会", f"县领导到{place}调研{topic}工作",
                 f"{place}扎实推进{topic}", f"我县开展{topic}专项行动", f"{unit}部署{topic}工作"),
        "govinfo": (f"{place}{topic}取得阶段性成效", f"{unit}{topic}工作情况通报",
                    f"全县{topic}工作会议召开", f"{unit}多措并举抓好{topic}"),
        "notices": (f"关于做好{topic}工作的通知", f"关于开展{topic}专项检查的公告",
                    f"关于{topic}有关事项的通知", f"{unit}关于{topic}的公示"),
        "documents": (f"关于印发清河县{topic}实施方案的通知", f"关于进一步加强{topic}工作的意见",
                      f"关于印发{topic}工作要点的通知"),
        "personnel": (f"关于{person(rng)}等同志职务任免的通知", f"{unit}关于{person(rng)}同志任职的通知",
                      f"{year}年度公开招聘工作人员拟聘用人员公示"),
        "plans": (f"{unit}{year}年{topic}工作计划", f"清河县“十四五”{topic}规划",
                  f"{unit}{year}年工作要点"),
        "mailbox": (f"关于{place}{topic}的咨询", f"反映{place}{rng.choice(('路灯不亮', '道路破损', '噪音扰民', '污水外溢', '占道经营'))}问题",
                    f"咨询{rng.choice(SERVICES)}相关事宜"),
    }
    return rng.choice(shapes.get(kind, shapes["news"]))


def paragraphs(rng: random.Random, title: str, count: int = 4) -> list[str]:
    topic = rng.choice(TOPICS)
    bank = (
        f"为深入贯彻落实上级关于{topic}的决策部署，{title}。会议总结了前一阶段工作，分析了当前面临的形势和任务。",
        f"会议强调，各单位要提高政治站位，压实工作责任，把{topic}作为当前的一项重要任务抓紧抓实。",
        "要坚持问题导向，建立工作台账，明确责任人和完成时限，确保各项措施落到实处、取得实效。",
        "要加强统筹协调，形成工作合力，定期通报进展情况，对工作不力的单位和个人严肃追责问责。",
        "下一步，将持续跟踪问效，健全长效机制，以实际成效取信于民，为全县经济社会高质量发展提供有力保障。",
        f"据了解，今年以来全县累计开展{topic}检查{rng.randint(12, 96)}次，发现整改问题{rng.randint(20, 300)}个。",
    )
    picks = rng.sample(range(len(bank)), k=min(count, len(bank)))
    return [bank[i] for i in sorted(picks)]


def resume(rng: random.Random, name: str, post: str) -> str:
    born = rng.randint(1968, 1982)
    return (f"{name}，男，汉族，{born}年{rng.randint(1, 12)}月生，河南清河人，大学学历，中共党员。"
            f"{born + 22}年参加工作，历任乡镇科员、副镇长、县直单位负责人，现任{post}。")


def letter_body(rng: random.Random, title: str) -> str:
    return f"尊敬的领导：您好！{title}，此问题已持续较长时间，给周边群众生活带来不便，恳请有关部门尽快处理。谢谢！"


def reply_body(rng: random.Random, unit: str) -> str:
    return (f"您好！您反映的问题已收悉。经{unit}核实，相关情况属实，已安排工作人员现场处理，"
            f"预计{rng.randint(3, 15)}个工作日内整改完毕。感谢您对我县工作的关心和支持！")
