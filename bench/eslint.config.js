import config from "@frontdesk/eslint-config";

export default config;
