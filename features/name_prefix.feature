Feature: Name prefix
  "Each protected instance name prefix can contain 1 to 59 characters, and consists of
  only letters (a to z and A to Z), digits (0 to 9), decimal points (.), underscores (_),
  and hyphens (-)." Lengths are counted in characters; Chinese characters, which
  Huawei Cloud also allows, are not tested (openapi.yaml, decision 3).

  Scenario Outline: A name prefix of length <length> is <verdict>
    Given a batch of 1 server in the group's VPC
    And a name prefix of <length> characters
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-011
    Examples: the vendor page, valid lengths
      | length | verdict  |
      | 1      | accepted |
      | 59     | accepted |

    @core @BC-011 @readonly
    Examples: the vendor page, invalid lengths
      | length | verdict  |
      | 0      | rejected |
      | 60     | rejected |

    @extended @BX-001 @readonly
    Examples: the real service's codes
      | length | verdict                                   |
      | 0      | rejected with HTTP 400 and code SDRS.0202 |
      | 60     | rejected with HTTP 400 and code SDRS.0202 |

  Scenario Outline: A name prefix with <characters> is <verdict>
    Given a batch of 1 server in the group's VPC
    And a name prefix with <characters>
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-012
    Examples: allowed characters
      | characters        | verdict  |
      | lowercase letters | accepted |
      | uppercase letters | accepted |
      | digits            | accepted |
      | a decimal point   | accepted |
      | an underscore     | accepted |
      | a hyphen          | accepted |

    @core @BC-012 @readonly
    Examples: any other character
      | characters                       | verdict  |
      | a space                          | rejected |
      | a slash                          | rejected |
      | a left angle bracket             | rejected |
      | an asterisk                      | rejected |
      | a non-ASCII letter               | rejected |
      | an ASCII control character       | rejected |
      | a right angle bracket            | rejected |
      | an at sign                       | rejected |
      | a colon                          | rejected |
      | a plus sign                      | rejected |
      | a left square bracket            | rejected |
      | a backslash                      | rejected |
      | a right square bracket           | rejected |
      | a caret                          | rejected |
      | a backtick                       | rejected |
      | a letter with a combining accent | rejected |

    @extended @BX-001 @readonly
    Examples: the real service's code
      | characters         | verdict                                   |
      | a space            | rejected with HTTP 400 and code SDRS.0202 |
      | a non-ASCII letter | rejected with HTTP 400 and code SDRS.0202 |

  Scenario Outline: A batch whose name prefix is <case> is <verdict>
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.name_prefix" <edit>
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-010 @readonly
    Examples: missing
      | case    | edit       | verdict  |
      | missing | is removed | rejected |

    @core @BC-013 @readonly
    Examples: not a string
      | case     | edit              | verdict  |
      | a number | is set to 12      | rejected |
      | an array | is set to ["abc"] | rejected |
      | null     | is set to null    | rejected |

    @extended @BX-003 @readonly
    Examples: the real service's code
      | case     | edit         | verdict                                   |
      | missing  | is removed   | rejected with HTTP 400 and code SDRS.0201 |
      | a number | is set to 12 | rejected with HTTP 400 and code SDRS.0201 |
