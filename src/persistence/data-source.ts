import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config.js';
import { createDataSourceOptions, dataSourceSettings } from './data-source-options.js';

/**
 * The TypeORM CLI's entry (`npm run migration:run`), built from the same options and the
 * same validated environment as the app.
 */
const config = loadAppConfig();
export default new DataSource(createDataSourceOptions(dataSourceSettings(config)));
