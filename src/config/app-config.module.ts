import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, loadAppConfig, parseAppConfigValues } from './app-config.js';

/** Provides the typed, validated `AppConfig` app-wide. */
@Module({})
export class AppConfigModule {
  /**
   * From the environment: validated at start-up (an invalid environment stops the bootstrap
   * with `InvalidAppConfigError` naming every bad variable). `ConfigService` is available too.
   */
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: parseAppConfigValues })],
      providers: [{ provide: AppConfig, useFactory: () => loadAppConfig() }],
      exports: [AppConfig],
    };
  }

  /** A fixed configuration instead of the environment (tests, embedding). */
  static withConfig(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
