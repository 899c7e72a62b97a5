import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, loadAppConfig, parseAppConfigValues } from './app-config.js';

/**
 * Validates the environment at start-up (an invalid one stops the bootstrap with
 * `InvalidAppConfigError`) and provides the typed `AppConfig` everywhere.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: parseAppConfigValues })],
  providers: [{ provide: AppConfig, useFactory: () => loadAppConfig() }],
  exports: [AppConfig],
})
export class AppConfigModule {}
