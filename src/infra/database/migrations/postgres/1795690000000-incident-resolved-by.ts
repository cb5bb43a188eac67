import { MigrationInterface, QueryRunner } from "typeorm";

export class IncidentResolvedBy1795690000000 implements MigrationInterface {
    name = 'IncidentResolvedBy1795690000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incidents" ADD "resolved_by" character varying(64)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "resolved_by"`);
    }

}
