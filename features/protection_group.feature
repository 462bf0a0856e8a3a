Feature: The protection group
  "The status of the protection group must be available or protected."
  "server_group_id: Specifies the ID of the protection group where the protected
  instances are added." The statuses are the appendix's seventeen; a status is tested
  when the target's world has a group in it.

  Scenario Outline: A protection group in status <status> is <verdict>
    Given a batch of 1 server in the group's VPC
    And the protection group is in status "<status>"
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-020
    Examples: allowed statuses
      | status    | verdict  |
      | available | accepted |
      | protected | accepted |

    @core @BC-020 @readonly
    Examples: every other status
      | status             | verdict  |
      | creating           | rejected |
      | deleting           | rejected |
      | error-deleting     | rejected |
      | error              | rejected |
      | starting           | rejected |
      | error-starting     | rejected |
      | reprotecting       | rejected |
      | error-reprotecting | rejected |
      | stopping           | rejected |
      | error-stopping     | rejected |
      | reversing          | rejected |
      | error-reversing    | rejected |
      | failing-over       | rejected |
      | failed-over        | rejected |
      | error-failing-over | rejected |

    @extended @BX-004 @readonly
    Examples: the real service's code
      | status      | verdict                                   |
      | error       | rejected with HTTP 400 and code SDRS.1024 |
      | failed-over | rejected with HTTP 400 and code SDRS.1024 |

  Scenario Outline: A batch without server_group_id is <verdict>
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.server_group_id" is removed
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-018 @readonly
    Examples: the vendor page
      | verdict  |
      | rejected |

    @extended @BX-003 @readonly
    Examples: the real service's code
      | verdict                                   |
      | rejected with HTTP 400 and code SDRS.0201 |

  Scenario Outline: A protection group that does not exist is <verdict>
    Given a batch of 1 server in the group's VPC
    And the batch names a protection group that does not exist
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-019 @readonly
    Examples: the vendor page
      | verdict  |
      | rejected |

    @extended @BX-005 @readonly
    Examples: the real service's code
      | verdict                                   |
      | rejected with HTTP 400 and code SDRS.1013 |
