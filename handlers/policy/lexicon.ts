/**
 * Vocabulary for understanding questions: a domain dictionary for segmentation, synonym groups (first word is
 * the canonical form, usually the notice's own wording), an English glossary that turns English questions into
 * Chinese keywords, and stopwords. This is vocabulary only; answers always come from the notice.
 */

/** Domain words the default jieba dictionary splits badly. */
export const DOMAIN_WORDS: readonly string[] = [
  '自查报告', '情况报告表', '情况报告', '等级保护', '等保', '密码管理局', '机要局', '区委机要局', '门户网站', '现场抽查',
  '技术检测', '政务云', '政务内网', '政务外网', '电子政务', '检查工作组', '绩效考评', '存储介质', '灾难备份', '应急预案',
  '服务外包', '安全漏洞', '安全隐患', '检测机构', '检测资质', '保密协议', '党委系统', '街道办事处', '区级政府部门', '刻光盘',
  '纸质版', '电子版', '加盖公章', '单位公章', '自查报告模版', '自查报告模板', '政府办', '区政府办', '第一轮', '第二轮',
  '内网安防', '检查重点', '重点检查', '定级', '备案', '测评', '迎检', '边查边改', '截止日期', '现场检查', '信息系统', '安全检查',
];

/** Synonym groups; every member maps to the first. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['报送', '提交', '上报', '递交', '送交', '上交', '呈报', '报给', '交到', '送到', '报到', '交给', '送给', '交', '送', '寄', '报'],
  ['截止', '最晚', '最迟', '期限', '到期', '截至', '截止日期', '截止时间', '最后期限', '大限'],
  ['等级保护', '等保', '信息安全等级保护', '等保测评'],
  ['自查报告', '自查总结', '自查工作总结报告', '总结报告'],
  ['情况报告表', '政务信息系统安全检查情况报告表', '政务信息系统安全检查情况报告', '情况报告', '报告表', '情况表', '检查情况报告'],
  ['模版', '模板', '样表', '范本', '参考格式', '样板', '格式'],
  ['现场抽查', '抽查', '现场检查', '实地检查', '上门检查', '现场核查', '抽检'],
  ['技术检测', '安全技术检测', '远程技术检测', '远程检测', '漏洞扫描', '扫描', '技术监测'],
  ['门户网站', '网站', '官网', '门户', '政府网站'],
  ['预案', '应急预案', '应急方案'],
  ['应急', '应急管理', '应急处置', '突发事件'],
  ['外包', '服务外包', '信息技术服务外包', '外包服务', '第三方服务'],
  ['漏洞', '安全漏洞', '隐患', '安全隐患', '弱点'],
  ['整改', '修复', '改正', '纠正', '整改落实', '补救', '整治'],
  ['公章', '盖章', '印章', '单位公章', '章', '签章'],
  ['光盘', '刻光盘', '刻盘', '刻录', '盘'],
  ['纸质版', '纸质', '纸版', '纸质材料', '打印版', '书面'],
  ['电子版', '电子文档', '电子文件', '电子材料'],
  ['阶段', '时间安排', '进度', '环节', '步骤', '节点', '日程'],
  ['时间', '日期', '何时', '哪天', '几号', '几月', '什么时候', '啥时候', '哪一天', '几月几号'],
  ['绩效考评', '绩效', '考评', '考核', '年终考核', '绩效考核', '年终绩效', '打分'],
  ['委托', '外聘', '请第三方', '第三方', '找公司', '外包给', '请人'],
  ['检测机构', '测评机构', '安全公司', '检测公司', '第三方机构', '第三方公司', '服务商', '信息安全检测机构', '公司'],
  ['资质', '资格', '认证', '检测资质'],
  ['保密', '涉密', '保密工作'],
  ['密码', '加密', '密码技术', '密码产品', '密码设备', '国密'],
  ['内网', '政务内网', '电子政务内网'],
  ['外网', '政务外网', '互联网'],
  ['政务云', '云平台', '政务云平台', '云上', '云'],
  ['街道', '街道办事处', '街道办', '街乡'],
  ['区级政府部门', '委办局', '区级部门', '政府部门', '区属部门', '委办'],
  ['党委系统', '党委', '党口', '党委部门', '党群部门'],
  ['目的', '为什么', '为啥', '意义', '目标', '干嘛'],
  ['成立', '组成', '组建', '构成'],
  ['文号', '发文字号', '文件号', '发文号', '字号', '编号'],
  ['结果', '成绩', '结论'],
  ['评定', '评估', '评价'],
  ['通报', '公布', '公示'],
  ['负责', '主管', '牵头', '责任', '管'],
  ['检查', '查', '检', '督查', '核查', '检查工作'],
  ['自查', '自检', '自我检查', '自行检查'],
  ['材料', '资料', '文件', '文档', '东西'],
  ['经费', '预算', '资金', '钱'],
  ['存储介质', '介质', 'u盘', '移动硬盘'],
  ['运维', '运行维护', '运维管理'],
  ['灾难备份', '灾备', '备份', '容灾'],
  ['演练', '应急演练'],
  ['电话', '联系电话', '手机', '号码', '手机号', '座机', '联系方式'],
  ['联系人', '对接人', '找谁', '问谁', '联系谁'],
  ['依据', '根据', '按照', '基于'],
  ['北京市', '市里', '市级', '北京'],
  ['全区', '区里', '我区', '本区', '区内'],
  ['检查工作组', '工作组', '检查组'],
  ['重点', '关键', '主要对象'],
  ['选取', '选', '挑', '挑选', '选择'],
  ['作为', '用在', '用于', '用途', '作用', '有什么用', '影响', '挂钩', '算进', '关系', '有关系'],
  ['签订', '签', '签署'],
  ['协议', '合同', '保密协议'],
  ['安防', '内网安防', '终端安全', '终端'],
  ['开始', '启动', '开头'],
  ['结束', '收尾', '完结'],
  ['附件', '附表'],
  ['年底', '年终', '年末'],
  ['定级', '分级'],
  ['发布', '印发', '下发', '发文', '发布时间', '发布日期'],
  ['发文单位', '发文机关', '发文部门', '落款单位'],
  ['边查边改', '一边查一边改', '边检查边整改', '边查边整改'],
  ['培训', '教育培训'],
  ['后果', '处罚', '惩罚', '处分', '惩处', '罚则', '罚款', '追责', '问责'],
  ['逾期', '超期', '过期', '误期', '延误', '晚交', '迟交', '晚报', '迟报'],
  ['签字', '签名', '署名', '签发', '手签', '亲笔签名'],
  ['下载', '获取', '领取', '索取'],
  ['延期', '推迟', '延后', '宽限', '缓交', '顺延', '展期', '延长期限'],
];

/** English → Chinese keywords (applied to the lower-cased question, longest phrase first, on word boundaries). */
export const ENGLISH_GLOSSARY: Readonly<Record<string, string>> = {
  'self-inspection report': '自查报告', 'self inspection report': '自查报告', 'self-check report': '自查报告',
  'self-assessment report': '自查报告', 'status report form': '情况报告表', 'report form': '情况报告表',
  'self-inspection': '自查', 'self inspection': '自查', 'self-check': '自查', 'self-assessment': '自查',
  'spot check': '现场抽查', 'spot checks': '现场抽查', 'on-site inspection': '现场抽查', 'on-site': '现场抽查', 'onsite': '现场抽查',
  'technical testing': '技术检测', 'technical test': '技术检测', 'technical detection': '技术检测', 'testing': '技术检测', 'scan': '技术检测',
  'how many days': '还有几天', 'how long': '多久', 'how many': '多少', 'which phase': '什么阶段', 'what phase': '什么阶段',
  'what stage': '什么阶段', 'which stage': '什么阶段', 'due today': '今天截止', 'document number': '文号', 'doc number': '文号',
  'reference number': '文号', 'based on': '依据', 'according to': '依据', 'phone number': '电话', 'contact person': '联系人',
  'inspection areas': '检查内容', 'inspection area': '检查内容', 'areas of the inspection': '检查内容', 'areas inspected': '检查内容',
  'inspection items': '检查内容', 'what is inspected': '检查内容', 'what will be inspected': '检查内容', 'what is checked': '检查内容',
  'what should be in': '包括哪些内容', 'what goes in': '包括哪些内容', 'what goes into': '包括哪些内容', 'what to include in': '包括哪些内容',
  'what to put in': '包括哪些内容', 'what do i write in': '包括哪些内容',
  'who do i submit': '报送给谁', 'who do we submit': '报送给谁', 'who should i submit': '报送给谁', 'who should we submit': '报送给谁',
  'who do i send': '报送给谁', 'who do we send': '报送给谁', 'who should i send': '报送给谁', 'who should we send': '报送给谁',
  'who do i give': '报送给谁', 'who receives': '谁收', 'to whom': '给谁', 'where do i submit': '报送到哪里',
  'where do we submit': '报送到哪里', 'where should i submit': '报送到哪里', 'where to submit': '报送到哪里', 'where do i send': '报送到哪里',
  'who should i contact': '联系谁', 'who do i contact': '联系谁', 'who to contact': '联系谁', 'hard copy': '纸质版',
  'performance appraisal': '绩效考评', 'performance evaluation': '绩效考评', 'third party': '第三方', 'third-party': '第三方',
  'classified protection': '等级保护', 'multi-level protection': '等级保护', 'mlps': '等级保护', 'graded protection': '等级保护',
  'emergency plan': '应急预案', 'emergency response': '应急', 'disaster recovery': '灾难备份', 'government cloud': '政务云',
  'cryptography bureau': '区密码管理局', 'crypto bureau': '区密码管理局', 'confidential bureau': '区委机要局',
  'government office': '区政府办', 'district government office': '区政府办', 'street offices': '街道', 'sub-district': '街道',
  'when': '什么时候', 'deadline': '截止', 'due': '截止', 'where': '哪里', 'who': '谁', 'what': '什么', 'which': '哪些',
  'how': '怎么', 'why': '为什么', 'submit': '报送', 'submitted': '报送', 'send': '报送', 'sent': '报送', 'deliver': '报送',
  'hand in': '报送', 'responsible': '负责', 'charge': '负责', 'phone': '电话', 'telephone': '电话', 'contact': '联系人',
  'contacts': '联系人', 'phase': '阶段', 'phases': '阶段', 'stage': '阶段', 'stages': '阶段', 'schedule': '时间安排',
  'timeline': '时间安排', 'portal': '门户网站', 'website': '门户网站', 'websites': '门户网站', 'emergency': '应急',
  'outsourcing': '外包', 'outsourced': '外包', 'vulnerability': '漏洞', 'vulnerabilities': '漏洞', 'fix': '整改',
  'remediation': '整改', 'rectification': '整改', 'rectify': '整改', 'stamp': '公章', 'seal': '公章', 'stamped': '公章',
  'cd': '光盘', 'disc': '光盘', 'paper': '纸质版', 'electronic': '电子版', 'scope': '范围', 'purpose': '目的', 'goal': '目的',
  'principle': '原则', 'principles': '原则', 'result': '结果', 'results': '结果', 'qualification': '资质',
  'qualifications': '资质', 'qualified': '资质', 'cloud': '政务云', 'intranet': '内网', 'extranet': '外网', 'street': '街道',
  'cryptography': '密码', 'encryption': '密码', 'crypto': '密码', 'confidentiality': '保密', 'inspection': '检查',
  'inspect': '检查', 'inspected': '检查', 'check': '检查', 'checked': '检查', 'report': '报告', 'form': '表', 'forms': '表',
  'copy': '', 'copies': '', 'question': '问题', 'questions': '问题', 'problem': '问题', 'problems': '问题', 'contain': '包括', 'contains': '包括', 'cover': '包括', 'covers': '包括', 'covered': '包括', 'include': '包括', 'includes': '包括', 'materials': '材料', 'documents': '材料',
  'attachment': '附件', 'attachments': '附件', 'template': '模版', 'start': '开始', 'starts': '开始', 'begin': '开始',
  'end': '结束', 'ends': '结束', 'finish': '结束', 'today': '今天', 'now': '现在', 'currently': '现在', 'current': '当前',
  'next': '下一个', 'can': '可以', 'may': '可以', 'allowed': '可以', 'hire': '委托', 'commission': '委托', 'agency': '检测机构',
  'agencies': '检测机构', 'company': '检测机构', 'training': '培训', 'budget': '经费', 'evaluation': '评定', 'grading': '定级',
  'filing': '备案', 'key': '重点', 'focus': '重点', 'priority': '重点', 'content': '内容', 'contents': '内容',
  'left': '还剩', 'remaining': '还剩', 'method': '方式', 'methods': '方式', 'ways': '方式', 'requirements': '要求', 'requirement': '要求',
  'objective': '目的', 'objectives': '目的', 'department': '部门', 'departments': '部门', 'notify': '通报', 'notified': '通报',
  'feedback': '反馈', 'agreement': '协议', 'backup': '灾难备份', 'drill': '演练', 'drills': '演练', 'plan': '预案', 'plans': '预案', 'days': '天', 'late': '逾期', 'overdue': '逾期', 'units': '单位', 'unit': '单位',
  'format': '形式', 'notice': '通知', 'issued': '发布', 'issue': '发布', 'selected': '选取', 'chosen': '选取', 'select': '选取',
  'round': '轮', 'first': '第一', 'second': '第二', 'one': '一', 'two': '二', 'three': '三', 'four': '四', 'five': '五', 'six': '六',
  'seven': '七', 'eight': '八', 'nine': '九', 'ten': '十', 'need': '需要', 'must': '需要', 'required': '需要',
  'penalty': '处罚', 'penalties': '处罚', 'penalised': '处罚', 'penalized': '处罚', 'punishment': '处罚', 'punished': '处罚',
  'sanction': '处罚', 'sanctions': '处罚', 'consequence': '后果', 'consequences': '后果', 'what happens': '会怎样',
  'what will happen': '会怎样', 'submission': '报送', 'submissions': '报送', 'late submission': '逾期报送',
  'miss the deadline': '逾期', 'missed the deadline': '逾期', "don't": '不', 'do not': '不', "didn't": '没', 'did not': '没',
  'fail to': '未', 'failed to': '未', 'not': '不', 'sign': '签字', 'signs': '签字', 'signed': '签字', 'signature': '签字',
  'system': '系统', 'systems': '系统', 'network': '网络', 'networks': '网络', 'conduct': '开展', 'conducts': '开展',
  'carry out': '开展', 'carries out': '开展', 'perform': '开展', 'performs': '开展', 'who does': '谁来', 'who will': '谁来',
  // The working group and how to reach it ("phone number of the inspection team").
  'inspection team': '检查工作组', 'inspection group': '检查工作组', 'working group': '工作组', 'work group': '工作组',
  'task force': '工作组', 'team': '工作组', 'number of': '多少', 'number': '号码', 'call': '电话',
  'who should i call': '联系谁', 'who do i call': '联系谁', 'who to call': '联系谁', 'get in touch': '联系谁',
  // What units hand in and how ("burn a CD", "have to hand in").
  'have to': '需要', 'has to': '需要', 'turn in': '报送', 'hand over': '报送', 'burn': '刻', 'disk': '光盘',
  'cd rom': '光盘', 'dvd': '光盘', 'sealed': '公章',
  // Counts of rounds and the schedule as a whole ("how many rounds", "overall timeline").
  'what are the phases': '有哪些阶段', 'what are the stages': '有哪些阶段', 'times': '次', 'overall': '整体', 'whole': '整个', 'entire': '整个', 'timetable': '时间安排', 'timeframe': '时间安排',
};

/** English words that carry no content once the glossary has run. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  ('a an the is are was were be been do does did to of for in on at by with and or our we us i me my you your it its this that ' +
    'these those should shall would could will there their they please tell about any some from as into us up out what\'s ' +
    'when\'s where\'s who\'s have has had get got go if than then so s t doing done like until till before after since also just only still yet more most many much very here').split(' '),
);

/** Chinese function words and question words that carry no content for ranking. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('的 了 吗 呢 啊 呀 吧 么 嘛 哦 哈 是 有 在 和 与 及 或 我 我们 你 你们 您 他 她 它 咱 咱们 这 那 这个 那个 这次 本次 此次 请问 请 ' +
    '一下 一 个 都 也 就 还 要 需要 应该 得 会 能 可 可以 什么 啥 哪 哪里 哪儿 哪些 哪个 几 多少 怎么 怎样 如何 谁 是否 是不是 ' +
    '要不要 能不能 有没有 需不需要 可不可以 对 给 把 被 让 从 向 到 于 上 下 中 里 时 后 前 之前 以前 等 其 其中 以及 并 将 ' +
    '已 已经 还是 或者 然后 现在 目前 今天 明天 还有 还剩 几天 多久 多长时间 一共 总共 分别 具体 到底 究竟 呗 咋 咋办 怎么办 ' +
    '本周 这周 本月 这个月 下周 干什么 做什么 该干 该做 剩 剩下 时候 整个 全部 整体 包括 包含 涵盖 分为 算不算 会不会 用不用 知道 告诉 说 问 问下 想 想问 了解 一共有 相关 有关 各 各个 每个 所有 我们单位 本单位 单位的 情况下 方面 所 为 以 之 ' +
    '做 干 弄 搞 办 呀 嗯 喔 吗？ 何 啥子 哪家 多 少 得了 应当 必须 须 需 准备 写 表 看 看看 用 请教 下 说说 讲讲')
    .split(' '),
);

/**
 * Question patterns that stand for a notice word: "哪些单位会被抽查" asks for the 对象 of the check,
 * "来得及吗" is about doing things 及时.
 */
export const QUERY_EXPANSIONS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/哪些(单位|部门)|什么(样的)?(单位|部门)|哪类单位|哪种单位/, ['对象']],
  [/来得及|还能交|晚交|迟交|逾期|没按时|不按时|没及时|不及时|延期|推迟|宽限|晚几天|晚点交/, ['及时']],
  // "检查工作组有哪些部门" asks who makes up the group: the notice says who 成立 (founded) it.
  [/(工作组|检查组|小组)[^，。？]{0,4}(有|包括|包含|含|是|由)(哪些|哪几个|哪几家|哪两个|几个|什么|谁)|(工作组|检查组|小组)的?(成员|组成)|(哪些|哪几个|哪两个|什么)(部门|单位|机构)[^，。？]{0,6}(工作组|检查组|小组)/, ['成立']],
  // "哪些系统要检查" asks what the inspection covers: the notice's 范围.
  [/(哪些|什么|哪类|哪种|哪几类|哪几种)(样的)?(信息)?(系统|网络|网站|平台)/, ['范围']],
];

/** Question phrases that jieba would split into content-looking pieces (要不要 → 要/不要). */
export const QUESTION_PHRASES = /要不要|是不是|算不算|能不能|可不可以|需不需要|有没有|用不用|会不会|行不行|对不对|好不好/g;

/**
 * Everyday topics a chat bot gets asked about that are never in an inspection notice. They weigh like unknown
 * nouns even when jieba tags them as verbs (下雨, 报销), so "北京明天会下雨吗" is not answered from 北京市.
 */
export const OFFTOPIC_WORDS: readonly string[] = (
  '天气 下雨 下雪 刮风 气温 温度 雾霾 笑话 段子 食堂 吃饭 午饭 晚饭 早饭 菜单 外卖 工资 奖金 报销 差旅 差旅费 年假 请假 休假 ' +
  '调休 加班 放假 电影 电视剧 音乐 游戏 机票 火车票 酒店 旅游 停车 停车场 快递 体检 会议室 打印机 生日 股票 彩票 足球 篮球'
).split(' ');

/**
 * Canonical words that frame a question (when, where to, whom to call …). A notice that never uses one of them
 * can still answer the question; any other lexicon word the notice lacks (等级保护 in a notice without it)
 * means the notice does not cover the question.
 */
export const FRAME_WORDS: ReadonlySet<string> = new Set([
  '报送', '截止', '时间', '阶段', '电话', '联系人', '文号', '依据', '材料', '开始', '结束', '模版', '附件', '目的', '成立',
  '作为', '选取', '负责', '检查', '自查', '整改', '包括', '全区', '发布', '发文单位', '后果', '逾期',
  // Asking for more time: a notice that never mentions extensions still answers with its deadlines.
  '延期',
  // Where to get a form: the reply says whether the notice attaches it.
  '下载',
]);

/**
 * Words a notice may never use, with the notice words closest to them (canonical forms, see SYNONYM_GROUPS): asked
 * "自查报告谁签字" of a notice that only requires 加盖单位公章, the reply says the notice does not mention signing and
 * quotes the seal requirement. A notice that does use the word is left to the general search.
 */
export const NEAR_TERMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['签字', ['公章']],
  // "要刻光盘吗" of a notice that wants the electronic copy another way (发送至邮箱).
  ['光盘', ['电子版']],
];
/** The words of NEAR_TERMS: a notice without them is still on topic (the reply says what it requires instead). */
export const NEAR_TERM_WORDS: ReadonlySet<string> = new Set(NEAR_TERMS.map(([w]) => w));

/** Words that say the question is relative to today. */
export const NOW_WORDS = /现在|目前|当前|眼下|此刻|今天|今日|这周|本周|这个星期|本月|这个月|这几天|最近/;
