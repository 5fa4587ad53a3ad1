import { addStrings } from '../../../../shared/i18n.ts';

addStrings(
  'catalogue',
  {
    menu: '服务事项', menuStats: '服务使用统计', title: '服务事项目录', search: '编码或名称', category: '分类', district: '区划', city: '市级',
    unpublished: '仅看未发布修改', code: '编码', name: '名称', state: '状态', published: '已发布', draft: '有未发布修改', never: '未发布', actions: '操作',
    edit: '编辑', back: '返回列表', save: '保存草稿', publish: '发布', unpublish: '下架', saved: '草稿已保存（第 {{rev}} 版）', publishedOk: '已发布，市民端即时可见',
    unpublishedOk: '已下架', unpublishConfirm: '下架后市民端不再显示该事项。继续？', publishConfirm: '发布第 {{rev}} 版草稿？发布后市民端和搜索立即更新。',
    revision: '草稿第 {{draft}} 版 · 已发布第 {{pub}} 版', lastEditor: '最后编辑：{{who}} {{at}}',
    f: {
      name: '事项名称', shortName: '简称', aliases: '别名/俗称', keywords: '关键词', departmentId: '责任机构', departmentName: '实施主体', itemType: '事项类型',
      category: '服务分类', online: '网上可办', handlingKind: '办件类型', immediate: '即办件', promised: '承诺件', promisedDays: '承诺时限（工作日）',
      visits: '到现场次数', zero: '零跑动', once: '最多跑一次', twice: '跑两次', fee: '收费标准', materials: '申请材料', materialName: '材料名称', materialForm: '形式',
      materialNote: '说明', steps: '办理流程', step: '步骤', hallIds: '办理大厅', partnerUrl: '对接系统链接', sharingCategory: '共享类别（PP-2.3）', add: '添加',
    },
    stats: { title: '服务使用统计（匿名）', from: '开始', to: '结束', uses: '使用次数', avg: '平均时长（秒）', suppressed: '{{n}} 个事项因使用人数少于 {{k}} 人未显示（防止识别个人）', note: '仅统计已同意“统计分析”的使用记录。' },
  },
  {
    menu: 'Service items', menuStats: 'Usage statistics', title: 'Service catalogue', search: 'Code or name', category: 'Category', district: 'Division', city: 'City',
    unpublished: 'Unpublished changes only', code: 'Code', name: 'Name', state: 'State', published: 'Published', draft: 'Unpublished changes', never: 'Never published', actions: 'Actions',
    edit: 'Edit', back: 'Back to list', save: 'Save draft', publish: 'Publish', unpublish: 'Unpublish', saved: 'Draft saved (revision {{rev}})', publishedOk: 'Published; citizens see it now',
    unpublishedOk: 'Unpublished', unpublishConfirm: 'Citizens will no longer see this item. Continue?', publishConfirm: 'Publish draft revision {{rev}}? Citizens and search update immediately.',
    revision: 'Draft rev. {{draft}} · published rev. {{pub}}', lastEditor: 'Last edited by {{who}} {{at}}',
    f: {
      name: 'Name', shortName: 'Short name', aliases: 'Aliases', keywords: 'Keywords', departmentId: 'Responsible organisation', departmentName: 'Implementing body', itemType: 'Item type',
      category: 'Category', online: 'Online', handlingKind: 'Handling', immediate: 'On the spot', promised: 'Promised', promisedDays: 'Promised working days',
      visits: 'Visits', zero: 'No visit', once: 'At most one', twice: 'Two', fee: 'Fee', materials: 'Materials', materialName: 'Material', materialForm: 'Form',
      materialNote: 'Note', steps: 'Steps', step: 'Step', hallIds: 'Halls', partnerUrl: 'Partner link', sharingCategory: 'Sharing category (PP-2.3)', add: 'Add',
    },
    stats: { title: 'Usage statistics (anonymous)', from: 'From', to: 'To', uses: 'Uses', avg: 'Average seconds', suppressed: '{{n}} items hidden: fewer than {{k}} people (could identify someone)', note: 'Counts only uses by people who consented to usage statistics.' },
  },
);
