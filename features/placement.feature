Feature: Subnet and tenancy of the DR-site servers
  "primary_subnet_id: Specifies the subnet ID of the primary NIC on the DR site server."
  The example request also sets "tenancy": "dedicated" and a "dedicated_host_id"; the
  Go SDK gives the tenancy values shared and dedicated.

  @core @BC-021
  Scenario: A batch naming an existing subnet for the primary NIC is accepted
    Given a batch of 1 server in the group's VPC
    And the batch names the world's subnet for the primary NIC
    When the batch is sent
    Then the batch is accepted

  @core @BC-043
  Scenario: The DR-site server's primary NIC is in the subnet the batch names
    Given a batch of 2 servers in the group's VPC
    And the batch names the world's subnet for the primary NIC
    When the batch is sent
    Then each DR-site server has a NIC in the subnet named for the primary NIC

  @extended @BX-010 @readonly
  Scenario: A subnet that does not exist is refused with SDRS.1335
    Given a batch of 1 server in the group's VPC
    And the batch names a subnet that does not exist
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.1335

  @core @BC-022
  Scenario: Dedicated tenancy on the world's dedicated host is accepted
    Given a batch of 1 server in the group's VPC
    And the tenancy is "dedicated"
    And the batch names the world's dedicated host
    When the batch is sent
    Then the batch is accepted

  Scenario Outline: Tenancy "<tenancy>" is <verdict>
    Given a batch of 1 server in the group's VPC
    And the tenancy is "<tenancy>"
    When the batch is sent
    Then the batch is <verdict>

    @extended @BX-012
    Examples: a value of the SDK's enum
      | tenancy | verdict  |
      | shared  | accepted |

    @extended @BX-012 @readonly
    Examples: another value
      | tenancy | verdict                                   |
      | private | rejected with HTTP 400 and code SDRS.0201 |
