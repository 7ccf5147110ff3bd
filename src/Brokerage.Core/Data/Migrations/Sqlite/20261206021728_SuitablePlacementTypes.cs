using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SuitablePlacementTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AlsoSuitableTypes",
                table: "PlacementRequests",
                type: "INTEGER",
                maxLength: 40,
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlsoSuitableTypes",
                table: "PlacementRequests");
        }
    }
}
