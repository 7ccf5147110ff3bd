using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DirectoryAndCapacity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Postcode",
                table: "Settings",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "OfstedUrn",
                table: "Settings",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Settings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "Settings",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CqcLocationId",
                table: "Settings",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RatingDate",
                table: "Settings",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RegisteredFrom",
                table: "Settings",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RegistrationEndsOn",
                table: "Settings",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CharityNumber",
                table: "Providers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompanyNumber",
                table: "Providers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EscalationContactName",
                table: "Providers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EscalationPhone",
                table: "Providers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeactivatedAt",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FrameworkLots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Framework = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PlacementType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FrameworkLots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlaceUnavailabilities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SettingId = table.Column<int>(type: "integer", nullable: false),
                    Places = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    Until = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlaceUnavailabilities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlaceUnavailabilities_Settings_SettingId",
                        column: x => x.SettingId,
                        principalTable: "Settings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserInvitations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    InvitedBy = table.Column<string>(type: "text", nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserInvitations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettingContracts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SettingId = table.Column<int>(type: "integer", nullable: false),
                    Arrangement = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FrameworkLotId = table.Column<int>(type: "integer", nullable: true),
                    ReservedPlaces = table.Column<int>(type: "integer", nullable: true),
                    AgreedWeeklyPrice = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettingContracts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SettingContracts_FrameworkLots_FrameworkLotId",
                        column: x => x.FrameworkLotId,
                        principalTable: "FrameworkLots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SettingContracts_Settings_SettingId",
                        column: x => x.SettingId,
                        principalTable: "Settings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Settings_CqcLocationId",
                table: "Settings",
                column: "CqcLocationId");

            migrationBuilder.CreateIndex(
                name: "IX_Settings_OfstedUrn",
                table: "Settings",
                column: "OfstedUrn");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_FrameworkLots_Framework_Name",
                table: "FrameworkLots",
                columns: new[] { "Framework", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlaceUnavailabilities_SettingId_Until",
                table: "PlaceUnavailabilities",
                columns: new[] { "SettingId", "Until" });

            migrationBuilder.CreateIndex(
                name: "IX_SettingContracts_FrameworkLotId",
                table: "SettingContracts",
                column: "FrameworkLotId");

            migrationBuilder.CreateIndex(
                name: "IX_SettingContracts_SettingId",
                table: "SettingContracts",
                column: "SettingId");

            migrationBuilder.CreateIndex(
                name: "IX_UserInvitations_TokenHash",
                table: "UserInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserInvitations_UserId",
                table: "UserInvitations",
                column: "UserId");

            // Settings recorded before contracts were dated keep their arrangement: each gets a
            // contract in force from 2000 with no end date, which a commissioner then corrects.
            migrationBuilder.Sql("""
                INSERT INTO "FrameworkLots" ("Framework", "Name", "PlacementType")
                SELECT DISTINCT 'Framework recorded before contracts were dated: ' || "Type", "FrameworkLot", "Type"
                FROM "Settings" WHERE "Contract" = 'Framework' AND "FrameworkLot" IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "SettingContracts" ("SettingId", "Arrangement", "FrameworkLotId", "ReservedPlaces", "StartsOn")
                SELECT s."Id", s."Contract", l."Id", CASE WHEN s."Contract" = 'BlockContract' THEN s."Places" END, DATE '2000-01-01'
                FROM "Settings" s
                LEFT JOIN "FrameworkLots" l ON s."Contract" = 'Framework' AND l."Name" = s."FrameworkLot" AND l."PlacementType" = s."Type"
                    AND l."Framework" = 'Framework recorded before contracts were dated: ' || s."Type"
                WHERE s."Contract" <> 'Spot';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlaceUnavailabilities");

            migrationBuilder.DropTable(
                name: "SettingContracts");

            migrationBuilder.DropTable(
                name: "UserInvitations");

            migrationBuilder.DropTable(
                name: "FrameworkLots");

            migrationBuilder.DropIndex(
                name: "IX_Settings_CqcLocationId",
                table: "Settings");

            migrationBuilder.DropIndex(
                name: "IX_Settings_OfstedUrn",
                table: "Settings");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "CqcLocationId",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "RatingDate",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "RegisteredFrom",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "RegistrationEndsOn",
                table: "Settings");

            migrationBuilder.DropColumn(
                name: "CharityNumber",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "CompanyNumber",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "EscalationContactName",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "EscalationPhone",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "AspNetUsers");

            migrationBuilder.AlterColumn<string>(
                name: "Postcode",
                table: "Settings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10);

            migrationBuilder.AlterColumn<string>(
                name: "OfstedUrn",
                table: "Settings",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Settings",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);
        }
    }
}
