using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StepOutWatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StepOutAlerts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlacementId = table.Column<int>(type: "INTEGER", nullable: false),
                    SettingId = table.Column<int>(type: "INTEGER", nullable: false),
                    FoundAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WatchReasons = table.Column<int>(type: "INTEGER", maxLength: 40, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    WhyItFits = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StepOutAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StepOutAlerts_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StepOutAlerts_Settings_SettingId",
                        column: x => x.SettingId,
                        principalTable: "Settings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StepOutAlerts_PlacementId_SettingId",
                table: "StepOutAlerts",
                columns: new[] { "PlacementId", "SettingId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StepOutAlerts_SettingId",
                table: "StepOutAlerts",
                column: "SettingId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StepOutAlerts");
        }
    }
}
