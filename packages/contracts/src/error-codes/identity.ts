import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of identity 统一身份认证. Codes are part of the API contract: never rename one. */
export const IdentityErrorCodes = {
  LOGIN_FAILED: {
    status: 401,
    message: "账号或密码错误",
    messageEn: "The account or password is wrong",
  },
  ACCOUNT_LOCKED: {
    status: 423,
    message: "登录失败次数过多，账号已临时锁定，请稍后再试",
    messageEn: "Too many failed logins: the account is locked for a while",
  },
  ACCOUNT_DISABLED: { status: 403, message: "账号已停用", messageEn: "The account is disabled" },
  SMS_CODE_INVALID: {
    status: 400,
    message: "短信验证码错误或已失效",
    messageEn: "The SMS code is wrong, used or expired",
  },
  SMS_TOO_FREQUENT: {
    status: 429,
    message: "验证码发送过于频繁，请稍后再试",
    messageEn: "A code was sent moments ago; please wait before asking again",
  },
  SMS_SEND_FAILED: {
    status: 502,
    message: "短信发送失败，请稍后重试",
    messageEn: "The SMS could not be sent; please retry later",
  },
  PHONE_TAKEN: {
    status: 409,
    message: "该手机号码已注册，请直接登录",
    messageEn: "This mobile number is already registered; please log in",
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    // The length and class numbers are the platform's configuration (PASSWORD_MIN_LENGTH, _CLASSES): the
    // error's details name them and the rule broken; the message does not pretend to know them.
    message: "密码强度不足：长度或字符类别（大写字母、小写字母、数字、符号）未达到要求，或包含手机号、用户名、常见密码",
    messageEn:
      "The password is too weak: too short, too few character classes (upper case, lower case, digits, symbols), or it contains the phone number, user name or a common password",
  },
  PASSWORD_REUSED: {
    status: 400,
    message: "新密码不能与最近使用过的密码相同",
    messageEn: "The new password must differ from the passwords used most recently",
  },
  PASSWORD_WRONG: { status: 400, message: "当前密码错误", messageEn: "The current password is wrong" },
  PASSWORD_CHANGE_NOT_REQUIRED: {
    status: 409,
    message: "当前登录无需修改密码，请在个人中心修改",
    messageEn: "This login needs no new password; change it on the account page",
  },
  REALNAME_SOURCE_UNAVAILABLE: {
    status: 503,
    message: "人口库核验服务暂不可用，请稍后再试",
    messageEn: "The population registry check is unavailable; try again later",
  },
  REALNAME_MISMATCH: {
    status: 422,
    message: "姓名与公民身份号码不匹配",
    messageEn: "The name does not match the citizen ID number",
  },
  REALNAME_ALREADY_VERIFIED: {
    status: 409,
    message: "已完成实名认证",
    messageEn: "The account is already verified",
  },
  ID_NUMBER_TAKEN: {
    status: 409,
    message: "该身份证号码已绑定其他账号",
    messageEn: "This citizen ID number is bound to another account",
  },
  MFA_REQUIRED: {
    status: 401,
    message: "请先完成动态口令验证",
    messageEn: "The second factor (TOTP) is required",
  },
  MFA_INVALID: { status: 400, message: "动态口令错误", messageEn: "The TOTP code is wrong" },
  MFA_ALREADY_ENROLLED: {
    status: 409,
    message: "已绑定动态口令",
    messageEn: "A TOTP authenticator is already enrolled",
  },
  MFA_NOT_ENROLLED: {
    status: 409,
    message: "尚未绑定动态口令",
    messageEn: "No TOTP authenticator is enrolled yet",
  },
  SESSION_NOT_FOUND: { status: 404, message: "会话不存在", messageEn: "Session not found" },
  ACCOUNT_NOT_FOUND: { status: 404, message: "账号不存在", messageEn: "Account not found" },
  USERNAME_TAKEN: { status: 409, message: "该用户名已被使用", messageEn: "This user name is taken" },
  STAFF_DEPARTMENT_NOT_FOUND: { status: 400, message: "部门不存在", messageEn: "The department does not exist" },
  ROLE_NOT_GRANTABLE: {
    status: 403,
    message: "无权授予该角色",
    messageEn: "You may not grant this role",
  },
  ROLES_SEPARATED: {
    status: 400,
    message: "系统管理员与安全审计员职责必须分离（三员分立），不能由同一账号兼任",
    messageEn: "Administrator and auditor duties must be held by different accounts",
  },
  CANNOT_CHANGE_SELF: {
    status: 400,
    message: "不能停用自己或修改自己的角色",
    messageEn: "You cannot disable yourself or change your own roles",
  },
  AUDITOR_ACCOUNT_PROTECTED: {
    status: 403,
    message:
      "审计管理员账号不能由任何管理员创建、修改、重置或停用（三员分立）；审计员账号在安装时设立，或经双人控制（安全管理员提议、审计员批准）设立和停用",
    messageEn:
      "No administrator may create, change, reset or disable an auditor account (separation of duties); auditor accounts are set up at installation or by dual control (a security administrator proposes, an auditor approves)",
  },
  SECURITY_ADMIN_ACCOUNT_PROTECTED: {
    status: 403,
    message:
      "系统管理员不能创建、修改、重置或停用安全管理员账号，也不能授予该角色（三员分立）；安全管理员账号在安装时设立，或经双人控制设立和停用",
    messageEn:
      "No system administrator may create, change, reset or disable a security administrator account or grant the role (separation of duties); such accounts are set up at installation or by dual control",
  },
  DUAL_CONTROL_NOT_FOUND: { status: 404, message: "双人控制申请不存在", messageEn: "No such dual-control proposal" },
  DUAL_CONTROL_NOT_PENDING: {
    status: 409,
    message: "该申请已处理或已过期，不能再次处理",
    messageEn: "The proposal has already been decided or has expired",
  },
  DUAL_CONTROL_SAME_PERSON: {
    status: 403,
    message: "双人控制：提议人和所涉账号本人不能批准或拒绝该申请，须由另一名审计员处理",
    messageEn:
      "Dual control: neither the proposer nor the account concerned may decide the proposal; another auditor must",
  },
  DUAL_CONTROL_DUPLICATE: {
    status: 409,
    message: "已有一份待处理的申请涉及该用户名或账号",
    messageEn: "A pending proposal already concerns this user name or account",
  },
  DUAL_CONTROL_TARGET_INVALID: {
    status: 409,
    message: "所涉账号不持有该角色，或已停用",
    messageEn: "The account does not hold that role, or is already disabled",
  },
  CANNOT_RESET_SELF: {
    status: 400,
    message: "请在个人中心修改自己的密码或动态口令",
    messageEn: "Change your own password or authenticator on your own account page",
  },
  REALNAME_LEVEL_TOO_LOW: {
    status: 409,
    message: "该账号尚未完成身份证件实名认证（二级），不能直接提升为三级",
    messageEn: "The account must be verified at level 2 before level 3",
  },
  ENTERPRISE_NOT_REGISTERED: {
    status: 404,
    message: "市场主体登记信息中没有该统一社会信用代码",
    messageEn: "The business registry has no enterprise with this code",
  },
  ENTERPRISE_NOT_ACTIVE: {
    status: 409,
    message: "该企业登记状态异常（吊销或注销），不能绑定",
    messageEn: "The enterprise is revoked or cancelled in the business registry",
  },
  NOT_LEGAL_REPRESENTATIVE: {
    status: 403,
    message: "您不是该企业登记的法定代表人",
    messageEn: "You are not the registered legal representative of this enterprise",
  },
  ENTERPRISE_ALREADY_BOUND: {
    status: 409,
    message: "该企业已绑定法人账号",
    messageEn: "The enterprise is already bound to an account",
  },
  ENTERPRISE_NOT_FOUND: { status: 404, message: "企业不存在", messageEn: "Enterprise not found" },
  AGENT_ACCOUNT_NOT_FOUND: {
    status: 404,
    message: "该手机号尚未注册个人账号",
    messageEn: "No personal account is registered with this mobile number",
  },
  AGENT_NOT_VERIFIED: {
    status: 409,
    message: "经办人须先完成实名认证（二级及以上）",
    messageEn: "The agent must be real-name verified (level 2 or above)",
  },
  AGENT_ALREADY_AUTHORISED: {
    status: 409,
    message: "该经办人已有有效授权",
    messageEn: "This agent already holds an active authorisation",
  },
  AGENT_IS_REPRESENTATIVE: {
    status: 400,
    message: "法定代表人无须授权自己为经办人",
    messageEn: "The legal representative need not authorise themselves",
  },
  AGENT_EXPIRY_INVALID: {
    status: 400,
    message: "授权期限须晚于当前时间且不超过一年",
    messageEn: "The authorisation must end in the future and within one year",
  },
  AGENT_NOT_FOUND: { status: 404, message: "授权不存在", messageEn: "Authorisation not found" },
  NOT_AUTHORISED_FOR_ENTERPRISE: {
    status: 403,
    message: "您没有代表该企业办事的有效授权",
    messageEn: "You hold no valid authorisation to act for this enterprise",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
