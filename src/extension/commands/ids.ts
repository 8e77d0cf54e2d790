/** Command ids, in one place: package.json contributes them, buttons and tests run them. */
export const COMMANDS = {
  runDemo: 'resilientLlm.runDemo',
  showStatus: 'resilientLlm.showStatus',
  showQuota: 'resilientLlm.showQuota',
  validateRoutes: 'resilientLlm.validateRoutes',
  startSimulator: 'resilientLlm.startSimulator',
  stopSimulator: 'resilientLlm.stopSimulator',
  openLog: 'resilientLlm.openLog',
  resetStatistics: 'resilientLlm.resetStatistics',
  addTarget: 'resilientLlm.addTarget',
  ssoLogin: 'resilientLlm.ssoLogin',
  openSettingsJson: 'resilientLlm.openSettingsJson',
  setRedisPassword: 'resilientLlm.setRedisPassword',
  storeApiKey: 'resilientLlm.storeApiKey',
  storeAccessKeys: 'resilientLlm.storeAccessKeys',
  forgetCredentials: 'resilientLlm.forgetCredentials',
  /** Registered by the dashboard (issue 6), not by this module. */
  openDashboard: 'resilientLlm.openDashboard',
  /** Registered by the gateway's wiring (extension/gateway). */
  addGatewayToTerminals: 'resilientLlm.gateway.addToTerminals',
  removeGatewayFromTerminals: 'resilientLlm.gateway.removeFromTerminals',
  copyGatewaySettings: 'resilientLlm.gateway.copySettings',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands another module registers (the dashboard, the gateway), not `registerCommands`. */
export type RegisteredElsewhere = typeof COMMANDS.openDashboard | typeof COMMANDS.addGatewayToTerminals | typeof COMMANDS.removeGatewayFromTerminals | typeof COMMANDS.copyGatewaySettings;
