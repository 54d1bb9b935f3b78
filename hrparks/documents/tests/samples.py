"""Sample contexts of the official documents, as another app (or an official preparing a document by
hand) would pass them. All names are fictional."""

from datetime import date
from decimal import Decimal

POLICY = {
    "issuer": "吉林省人力资源和社会保障厅",
    "policy_title": "吉林省省级人力资源服务产业园管理暂行办法",
    "policy_document_number": "吉人社规〔2022〕8号",
}

OFFICIAL_SAMPLES = {
    "public_notice": {
        **POLICY,
        "title": "关于2026年吉林省省级人力资源服务产业园拟认定名单的公示",
        "document_number": "",
        "date": date(2026, 11, 26),
        "parks": [
            {
                "name": "示例人力资源服务产业园",
                "jurisdiction": "长春市",
                "park_type": "综合性园区",
                "management_body_name": "示例园区运营有限公司",
            },
            {
                "name": "示例专业人力资源服务产业园",
                "jurisdiction": "延边朝鲜族自治州",
                "park_type": "专业性园区",
                "management_body_name": "示例产业园管理委员会",
            },
        ],
        "start_date": date(2026, 11, 27),
        "end_date": date(2026, 12, 3),
        "working_days": 5,
        "contact": "0431-00000000（虚构号码）",
    },
    "approval": {
        **POLICY,
        "document_number": "吉人社函〔2026〕88号",
        "date": date(2026, 11, 26),
        "addressee": "长春市人民政府",
        "jurisdiction": "长春市",
        "park_name": "示例人力资源服务产业园",
        "park_type": "综合性园区",
        "management_body_name": "示例园区运营有限公司",
        "designated_name": "长春市省级人力资源服务产业园",
        "notice_outcome": "公示期满无异议",
        "request_document_number": "长府函〔2026〕12号",
        "request_date": date(2026, 9, 1),
        "subsidy_amount_cny": Decimal("1000000"),
        "subsidy_uses": ["园区基础设施", "公共服务设施", "人力资源服务平台"],
    },
    "refusal": {
        **POLICY,
        "document_number": "吉人社函〔2026〕89号",
        "date": date(2026, 11, 26),
        "addressee": "延边朝鲜族自治州人民政府",
        "jurisdiction": "延边朝鲜族自治州",
        "park_name": "示例专业人力资源服务产业园",
        "park_type": "专业性园区",
        "request_document_number": "延州政函〔2026〕7号",
        "request_date": date(2026, 9, 2),
        "opinion": ["园区建筑面积1800平方米，未达到专业性园区不低于2000平方米的要求（第五条（二））。"],
        "rectification": [
            "扩大园区建筑面积至2000平方米以上。",
            "补齐测评、高级人才寻访业态（第五条（五））。",
        ],
        "reapply_wait_months": 3,
        "reapply_from": date(2027, 2, 26),
    },
    "evaluation_notice": {
        **POLICY,
        "title": "关于2026年度省级人力资源服务产业园综合考评结果的通报",
        "document_number": "吉人社函〔2026〕120号",
        "date": date(2026, 12, 20),
        "addressee": "各市（州）、长白山管委会、梅河口市人力资源和社会保障局",
        "period": "2024—2026年度",
        "round_label": "集中考评",
        "results": [
            {
                "park_name": "长春市省级人力资源服务产业园",
                "jurisdiction": "长春市",
                "score": Decimal("92.5"),
                "grade": "优秀",
                "remarks": "通报表扬",
            },
            {
                "park_name": "吉林市省级人力资源服务产业园",
                "jurisdiction": "吉林市",
                "score": Decimal("78"),
                "grade": "合格",
                "remarks": "",
            },
            {
                "park_name": "四平市省级人力资源服务产业园",
                "jurisdiction": "四平市",
                "score": Decimal("55.25"),
                "grade": "不合格",
                "remarks": "限期整改",
            },
        ],
        "excellent": ["长春市省级人力资源服务产业园"],
        "unqualified": ["四平市省级人力资源服务产业园"],
        "rectification_deadline": date(2027, 6, 30),
    },
    "rectification_order": {
        **POLICY,
        "document_number": "吉人社函〔2026〕121号",
        "date": date(2026, 12, 20),
        "addressee": "四平市人力资源和社会保障局",
        "park_name": "示例人力资源服务产业园",
        "designated_name": "四平市省级人力资源服务产业园",
        "basis": "2024—2026年度集中考评",
        "problems": [
            "扶持政策兑现不到位（第十三条（二））。",
            "园区管理制度不健全，运营团队不稳定（第十三条（五））。",
        ],
        "requirements": ["制定扶持政策兑现计划并按季度报告。", "健全管理服务和经营制度，配齐专职工作人员。"],
        "deadline": date(2027, 6, 30),
    },
    "revocation": {
        **POLICY,
        "document_number": "吉人社函〔2027〕15号",
        "date": date(2027, 8, 1),
        "addressee": "四平市人力资源和社会保障局",
        "park_name": "示例人力资源服务产业园",
        "designated_name": "四平市省级人力资源服务产业园",
        "designation_document_number": "吉人社函〔2023〕10号",
        "reasons": ["限期整改期满，整改不到位。", "一年以上未开展实质性工作。"],
        "effective_date": date(2027, 8, 1),
    },
}
