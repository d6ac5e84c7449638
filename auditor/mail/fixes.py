"""Words the bulletins use for each check type: its short name and how to fix it.

Fixed sentences, one per check type, in both languages: a unit bulletin tells the
webmaster what to do about each problem (整改建议), not only what is wrong. A check
type added to `auditor.checks.CHECKS` without words here gets the generic sentence;
a unit test lists the registry against this table so that does not happen unnoticed.
"""

from __future__ import annotations

CHECK_NAMES: dict[str, dict[str, str]] = {
    "column.cadence": {"zh-CN": "栏目更新不及时", "en": "column not updated in time"},
    "column.empty": {"zh-CN": "空白栏目", "en": "empty column"},
    "column.unreachable": {"zh-CN": "栏目无法访问", "en": "column unreachable"},
    "content.outdated": {"zh-CN": "过时信息未清理", "en": "outdated items still listed"},
    "document.late": {"zh-CN": "文件公开不及时", "en": "document published late"},
    "document.metadata": {"zh-CN": "文件要素缺失", "en": "document metadata missing"},
    "leader.incomplete": {"zh-CN": "领导信息不全", "en": "leader information incomplete"},
    "link.broken": {"zh-CN": "链接失效", "en": "broken link"},
    "link.wrong": {"zh-CN": "链接错误", "en": "wrong link"},
    "mailbox.overdue": {"zh-CN": "来信办理超期", "en": "letter answered late"},
    "report.missing": {"zh-CN": "年度报告未发布", "en": "annual report missing"},
    "service.incomplete": {"zh-CN": "办事指南要素缺失", "en": "service guide incomplete"},
    "site.availability": {"zh-CN": "网站无法访问", "en": "site unavailable"},
    "site.identity": {"zh-CN": "网站标识不全", "en": "site identity incomplete"},
}

FIXES: dict[str, dict[str, str]] = {
    "column.cadence": {
        "zh-CN": "按规定时限更新该栏目，并建立信息报送和审核机制，避免断更",
        "en": "Update the column within its deadline and set up a routine for supplying and approving items",
    },
    "column.empty": {
        "zh-CN": "补充栏目内容；确无内容的栏目请合并或撤销，不得保留空白栏目",
        "en": "Fill the column; merge or remove a column that has nothing to publish",
    },
    "column.unreachable": {
        "zh-CN": "检查栏目页面和服务器配置，恢复访问；栏目调整后请同步更新导航和配置",
        "en": "Restore the column page (server, CMS); after moving a column update the navigation and the config",
    },
    "content.outdated": {
        "zh-CN": "开展“回头看”，删除或归档过时信息",
        "en": "Review the column and remove or archive the outdated items",
    },
    "document.late": {
        "zh-CN": "文件形成后按规定时限尽早公开，并如实标注成文日期和发布日期",
        "en": "Publish documents within the deadline after they are formed, with their true formation and publication dates",
    },
    "document.metadata": {
        "zh-CN": "补全文件的索引号、成文日期、发布日期等要素",
        "en": "Add the missing document fields (index number, formation date, publication date)",
    },
    "leader.incomplete": {
        "zh-CN": "补全领导的照片、工作分工和简历，并确认照片能正常显示",
        "en": "Add each leader's photo, duties and CV, and check that the photo loads",
    },
    "link.broken": {
        "zh-CN": "修复或删除失效链接；外部网站的链接请确认对方网址",
        "en": "Repair or remove the broken link; for another site's link, confirm its current address",
    },
    "link.wrong": {
        "zh-CN": "立即删除或更正错误链接（跳转到无关、被抢注或非法网站的链接），并核实链接文字与目标网站一致",
        "en": "Remove or correct the wrong link at once (it leads to an unrelated, parked or illegal site) and check the link text matches the target",
    },
    "mailbox.overdue": {
        "zh-CN": "在规定时限内办理并答复来信，公开答复内容",
        "en": "Answer the letter within the time limit and publish the reply",
    },
    "report.missing": {
        "zh-CN": "按时发布政府信息公开工作年度报告",
        "en": "Publish the annual report on government information disclosure on time",
    },
    "service.incomplete": {
        "zh-CN": "补全办事指南的办事流程、收费依据、优惠政策和表格下载，并确认表格可以下载",
        "en": "Complete the service guide (procedure, fee basis, concessions, forms) and check the forms download",
    },
    "site.availability": {
        "zh-CN": "检查服务器、网络和域名解析，保障网站稳定访问",
        "en": "Check the server, the network and DNS so the site stays reachable",
    },
    "site.identity": {
        "zh-CN": "在网站底部补全网站标识码、ICP备案编号、公安机关备案号、党政机关网站标识和主办单位",
        "en": "Add the site identity code, ICP number, public-security record number, the party and government badge and the sponsor to the footer",
    },
}

GENERIC_FIX = {
    "zh-CN": "请对照规则要求整改",
    "en": "Fix it as the rule requires",
}


def check_name(check: str, language: str) -> str:
    return CHECK_NAMES.get(check, {}).get(language, check)


def fix_for(check: str, language: str) -> str:
    return FIXES.get(check, GENERIC_FIX).get(language, GENERIC_FIX["en"])
