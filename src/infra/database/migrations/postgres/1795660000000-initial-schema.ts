import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795660000000 implements MigrationInterface {
    name = 'InitialSchema1795660000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "incident_counters" ("day" character varying(10) NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_48e295631556caca6149d915e85" PRIMARY KEY ("day"))`);
        await queryRunner.query(`CREATE TABLE "sandbox_requests" ("idempotency_key" character varying(200) NOT NULL, "operation" character varying(40) NOT NULL, "response" text NOT NULL, "calls" integer NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "PK_6c36d0413d2aee69fe42c742665" PRIMARY KEY ("idempotency_key"))`);
        await queryRunner.query(`CREATE TABLE "payments" ("id" character varying(36) NOT NULL, "saga_id" character varying(36) NOT NULL, "user_id" character varying(36) NOT NULL, "charge_key" character varying(120) NOT NULL, "amount_cents" integer NOT NULL, "currency" character varying(3) NOT NULL, "payment_method" character varying(64) NOT NULL, "receipt_email" character varying(254) NOT NULL, "status" character varying(16) NOT NULL, "provider_charge_id" character varying(64), "decline_code" character varying(64), "refund_id" character varying(64), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_21af05f6e7936dee4ff2456a6e2" UNIQUE ("charge_key"), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_payments_user" ON "payments"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "saga_history" ("saga_id" character varying(36) NOT NULL, "seq" integer NOT NULL, "at" bigint NOT NULL, "type" character varying(48) NOT NULL, "step" character varying(32), "data" text NOT NULL, CONSTRAINT "PK_ee9020a190c2331a54af4768dfa" PRIMARY KEY ("saga_id", "seq"))`);
        await queryRunner.query(`CREATE TABLE "saga_steps" ("saga_id" character varying(36) NOT NULL, "position" integer NOT NULL, "name" character varying(32) NOT NULL, "status" character varying(24) NOT NULL, "attempts" integer NOT NULL, "compensation_attempts" integer NOT NULL, "output" text, "error" character varying(500), "started_at" bigint, "finished_at" bigint, CONSTRAINT "PK_c33b1bd21c1707914b300b0a083" PRIMARY KEY ("saga_id", "position"))`);
        await queryRunner.query(`CREATE TABLE "sagas" ("id" character varying(36) NOT NULL, "type" character varying(32) NOT NULL, "status" character varying(24) NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200), "amount_cents" integer NOT NULL, "currency" character varying(3) NOT NULL, "payment_method" character varying(64) NOT NULL, "email_lock" character varying(254), "idempotency_key" character varying(255), "request_hash" character varying(64), "user_id" character varying(36), "transaction_id" character varying(36), "notification_id" character varying(36), "incident_id" character varying(32), "phase" character varying(16) NOT NULL, "step_index" integer NOT NULL, "awaiting" character varying(8), "wake_at" bigint, "attempt_sent_at" bigint, "activation_attempts" integer NOT NULL DEFAULT '0', "history_seq" integer NOT NULL DEFAULT '0', "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "finished_at" bigint, CONSTRAINT "UQ_0477c6656dfbec2b6af52717517" UNIQUE ("email_lock"), CONSTRAINT "UQ_e4f9b511fb7717ac7c7feb426dd" UNIQUE ("idempotency_key"), CONSTRAINT "PK_c950945566b99142462ba2b1608" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_wake_at" ON "sagas"  ("wake_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_status_created" ON "sagas"  ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_created" ON "sagas"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" character varying(36) NOT NULL, "saga_id" character varying(36) NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200), "status" character varying(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_670ecef088a594c2b808ab1050e" UNIQUE ("saga_id"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_live_email" ON "users"  ("email") WHERE status <> 'DELETED'`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" character varying(36) NOT NULL, "saga_id" character varying(36) NOT NULL, "user_id" character varying(36) NOT NULL, "send_key" character varying(120) NOT NULL, "channel" character varying(16) NOT NULL, "recipient" character varying(254) NOT NULL, "status" character varying(16) NOT NULL, "provider_message_id" character varying(64), "error" character varying(500), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_e4331b441cc115ecb8551eec8c5" UNIQUE ("send_key"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_notifications_user" ON "notifications"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "incidents" ("id" character varying(32) NOT NULL, "saga_id" character varying(36) NOT NULL, "status" character varying(16) NOT NULL, "summary" text NOT NULL, "effects_in_place" text NOT NULL, "created_at" bigint NOT NULL, "resolved_at" bigint, "note" text, CONSTRAINT "UQ_d60b7f55ac6f1a6b6ecfcd008f0" UNIQUE ("saga_id"), CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_incidents_status_created" ON "incidents"  ("status", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_incidents_status_created"`);
        await queryRunner.query(`DROP TABLE "incidents"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_notifications_user"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_users_live_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_sagas_created"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_sagas_status_created"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_sagas_wake_at"`);
        await queryRunner.query(`DROP TABLE "sagas"`);
        await queryRunner.query(`DROP TABLE "saga_steps"`);
        await queryRunner.query(`DROP TABLE "saga_history"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_payments_user"`);
        await queryRunner.query(`DROP TABLE "payments"`);
        await queryRunner.query(`DROP TABLE "sandbox_requests"`);
        await queryRunner.query(`DROP TABLE "incident_counters"`);
    }

}
