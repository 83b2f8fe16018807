"""A made-up next edition of the media-convergence call, written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

NEXT_EDITION = """国家广播电视总局办公厅文件

广电办发〔2026〕21号

国家广播电视总局办公厅关于开展2026年全国广播电视媒体融合典型案例征集和推选工作的通知

各省、自治区、直辖市广播电视局，新疆生产建设兵团文化体育广电和旅游局：

为持续推进媒体深度融合，现就有关事项通知如下：

一、征集类别

（一）新媒体平台建设。是指打造自主可控的新媒体客户端并取得显著成效的相关案例。

（二）融合生产传播。是指在优质内容供给等方面取得显著成效的相关案例。

二、征集和推选安排

（一）征集时间

征集的截止时间为2026年12月20日。

（二）征集方式

各广播电视台、融媒体中心均可登录广电总局相关征集推选平台进行账号注册和申报填写（网址：rh.pingshen.nrta.gov.cn）。

各省每个类别报送的典型案例不超过3个，总数不超过6个。

各省级广播电视行政管理部门负责本辖区申报机构的审核和推荐工作。

申报材料不超过4000字。

专此通知。

（联系方式：周明 010-86090000）

国家广播电视总局办公厅

2026年10月9日印发
"""


@pytest.fixture
def next_edition(tmp_path: Path) -> Path:
    path = tmp_path / "next-edition.txt"
    path.write_text(NEXT_EDITION, encoding="utf-8")
    return path
