# Code generated from openapi.yaml by "make generate" (seed 20261203). DO NOT EDIT.
# Each case is the valid base body with one change; "the generated case" step
# rebuilds the body from openapi.yaml when the suite runs, so this file only names
# the cases: a test fails when it is out of date.
@generated
Feature: Cases generated from openapi.yaml
  For every field of the batch-create body in openapi.yaml: one value under and one
  over each length boundary and at it, each pattern broken, each type wrong, each
  required field missing, nulls, arrays over maxItems (servers: the target's limit),
  references to nothing, and the valid counterparts. The x-requirements of
  openapi.yaml trace each constraint to its requirement; a constraint with none is
  only checked for robustness: never a server error. At the extended level every
  body that breaks a traced constraint is refused again, this time at once with
  HTTP 400.

  Scenario Outline: <case>: <change> is <verdict>
    Given the generated case "<case>"
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-001 @readonly
    Examples: BC-001 The batch-create operation (refused)
      | case                            | change                      | verdict  |
      | GEN-protected_instances-missing | protected_instances missing | rejected |
      | GEN-protected_instances-null    | protected_instances null    | rejected |

    @core @BC-010 @readonly
    Examples: BC-010 name_prefix is mandatory (refused)
      | case                    | change              | verdict  |
      | GEN-name_prefix-missing | name_prefix missing | rejected |
      | GEN-name_prefix-null    | name_prefix null    | rejected |

    @core @BC-011
    Examples: BC-011 name_prefix has 1 to 59 characters (may create)
      | case                      | change                                   | verdict  |
      | GEN-name_prefix-minLength | name_prefix of 1 character (minLength)   | accepted |
      | GEN-name_prefix-maxLength | name_prefix of 59 characters (maxLength) | accepted |

    @core @BC-011 @readonly
    Examples: BC-011 name_prefix has 1 to 59 characters (refused)
      | case                        | change                                          | verdict  |
      | GEN-name_prefix-minLength-1 | name_prefix of 0 characters (minLength 1 - 1)   | rejected |
      | GEN-name_prefix-maxLength+1 | name_prefix of 60 characters (maxLength 59 + 1) | rejected |

    @core @BC-012
    Examples: BC-012 name_prefix uses letters, digits, '.', '_' and '-' only (may create)
      | case                          | change                                       | verdict  |
      | GEN-name_prefix-pattern-valid | name_prefix of characters its pattern allows | accepted |

    @core @BC-012 @readonly
    Examples: BC-012 name_prefix uses letters, digits, '.', '_' and '-' only (refused)
      | case                    | change                                                 | verdict  |
      | GEN-name_prefix-pattern | name_prefix with ':', a character its pattern excludes | rejected |

    @core @BC-013 @readonly
    Examples: BC-013 name_prefix is a string (refused)
      | case                         | change                   | verdict  |
      | GEN-name_prefix-type-number  | name_prefix as a number  | rejected |
      | GEN-name_prefix-type-boolean | name_prefix as a boolean | rejected |
      | GEN-name_prefix-type-object  | name_prefix as an object | rejected |
      | GEN-name_prefix-type-array   | name_prefix as an array  | rejected |

    @core @BC-015
    Examples: BC-015 description has at most 64 characters (may create)
      | case                      | change                                   | verdict  |
      | GEN-description-maxLength | description of 64 characters (maxLength) | accepted |

    @core @BC-015 @readonly
    Examples: BC-015 description has at most 64 characters (refused)
      | case                        | change                                          | verdict  |
      | GEN-description-maxLength+1 | description of 65 characters (maxLength 64 + 1) | rejected |

    @core @BC-016
    Examples: BC-016 description has no angle brackets (may create)
      | case                          | change                                       | verdict  |
      | GEN-description-pattern-valid | description of characters its pattern allows | accepted |

    @core @BC-016 @readonly
    Examples: BC-016 description has no angle brackets (refused)
      | case                    | change                                                 | verdict  |
      | GEN-description-pattern | description with '<', a character its pattern excludes | rejected |

    @core @BC-017 @readonly
    Examples: BC-017 description is a string (refused)
      | case                         | change                   | verdict  |
      | GEN-description-type-number  | description as a number  | rejected |
      | GEN-description-type-boolean | description as a boolean | rejected |
      | GEN-description-type-object  | description as an object | rejected |
      | GEN-description-type-array   | description as an array  | rejected |

    @core @BC-018 @readonly
    Examples: BC-018 server_group_id is mandatory (refused)
      | case                        | change                  | verdict  |
      | GEN-server_group_id-missing | server_group_id missing | rejected |
      | GEN-server_group_id-null    | server_group_id null    | rejected |

    @core @BC-019
    Examples: BC-019 server_group_id names an existing protection group (may create)
      | case                         | change                                              | verdict  |
      | GEN-server_group_id-existing | server_group_id naming an existing protection group | accepted |

    @core @BC-019 @readonly
    Examples: BC-019 server_group_id names an existing protection group (refused)
      | case                            | change                                            | verdict  |
      | GEN-server_group_id-minLength-1 | server_group_id of 0 characters (minLength 1 - 1) | rejected |
      | GEN-server_group_id-unknown     | server_group_id naming no protection group        | rejected |

    @core @BC-021
    Examples: BC-021 A subnet can be named for the DR-site server's primary NIC (may create)
      | case                           | change                                      | verdict  |
      | GEN-primary_subnet_id-existing | primary_subnet_id naming an existing subnet | accepted |

    @core @BC-022
    Examples: BC-022 The example's tenancy, dedicated host and tags are accepted (may create)
      | case                           | change                                              | verdict  |
      | GEN-dedicated_host_id-existing | dedicated_host_id naming an existing dedicated host | accepted |

    @core @BC-023
    Examples: BC-023 servers is a mandatory list of servers (may create)
      | case                 | change                         | verdict  |
      | GEN-servers-minItems | servers with 1 item (minItems) | accepted |

    @core @BC-023 @readonly
    Examples: BC-023 servers is a mandatory list of servers (refused)
      | case                       | change                                 | verdict  |
      | GEN-servers-missing        | servers missing                        | rejected |
      | GEN-servers-null           | servers null                           | rejected |
      | GEN-servers-type-string    | servers as a string                    | rejected |
      | GEN-servers-type-number    | servers as a number                    | rejected |
      | GEN-servers-type-boolean   | servers as a boolean                   | rejected |
      | GEN-servers-type-object    | servers as an object                   | rejected |
      | GEN-servers-minItems-1     | servers with no items (minItems 1 - 1) | rejected |
      | GEN-servers[]-type-string  | servers[] as a string                  | rejected |
      | GEN-servers[]-type-number  | servers[] as a number                  | rejected |
      | GEN-servers[]-type-boolean | servers[] as a boolean                 | rejected |
      | GEN-servers[]-type-array   | servers[] as an array                  | rejected |

    @core @BC-024
    Examples: BC-024 At most five servers by default (may create)
      | case                 | change                                           | verdict  |
      | GEN-servers-maxItems | servers with as many items as the target's limit | accepted |

    @core @BC-024 @readonly
    Examples: BC-024 At most five servers by default (refused)
      | case                   | change                                             | verdict  |
      | GEN-servers-maxItems+1 | servers with one item more than the target's limit | rejected |

    @core @BC-025 @readonly
    Examples: BC-025 server_id is mandatory (refused)
      | case                            | change                      | verdict  |
      | GEN-servers[]-server_id-missing | servers[].server_id missing | rejected |
      | GEN-servers[]-server_id-null    | servers[].server_id null    | rejected |

    @core @BC-026
    Examples: BC-026 server_id names an existing production server (may create)
      | case                             | change                                        | verdict  |
      | GEN-servers[]-server_id-existing | servers[].server_id naming an existing server | accepted |

    @core @BC-026 @readonly
    Examples: BC-026 server_id names an existing production server (refused)
      | case                                | change                                                | verdict  |
      | GEN-servers[]-server_id-minLength-1 | servers[].server_id of 0 characters (minLength 1 - 1) | rejected |
      | GEN-servers[]-server_id-unknown     | servers[].server_id naming no server                  | rejected |

    @core @BC-028
    Examples: BC-028 With flavorRef the DR-site server has that flavor (may create)
      | case                             | change                                        | verdict  |
      | GEN-servers[]-flavorRef-existing | servers[].flavorRef naming an existing flavor | accepted |

    @core @BC-028 @readonly
    Examples: BC-028 With flavorRef the DR-site server has that flavor (refused)
      | case                            | change                               | verdict  |
      | GEN-servers[]-flavorRef-unknown | servers[].flavorRef naming no flavor | rejected |

    @core @BC-039 @readonly
    Examples: BC-039 Malformed requests get a 4xx error (refused)
      | case                                 | change                           | verdict  |
      | GEN-protected_instances-type-string  | protected_instances as a string  | rejected |
      | GEN-protected_instances-type-number  | protected_instances as a number  | rejected |
      | GEN-protected_instances-type-boolean | protected_instances as a boolean | rejected |
      | GEN-protected_instances-type-array   | protected_instances as an array  | rejected |

    @core @BC-040
    Examples: BC-040 Unknown fields and undocumented values never cause a server error (may create)
      | case                                | change                                                | verdict                         |
      | GEN-cluster_id-null                 | cluster_id null                                       | answered without a server error |
      | GEN-cluster_id-minLength-1          | cluster_id of 0 characters (minLength 1 - 1)          | answered without a server error |
      | GEN-dedicated_host_id-null          | dedicated_host_id null                                | answered without a server error |
      | GEN-dedicated_host_id-minLength-1   | dedicated_host_id of 0 characters (minLength 1 - 1)   | answered without a server error |
      | GEN-dedicated_host_id-unknown       | dedicated_host_id naming no dedicated host            | answered without a server error |
      | GEN-description-null                | description null                                      | answered without a server error |
      | GEN-primary_subnet_id-null          | primary_subnet_id null                                | answered without a server error |
      | GEN-primary_subnet_id-minLength-1   | primary_subnet_id of 0 characters (minLength 1 - 1)   | answered without a server error |
      | GEN-servers[]-null                  | servers[] null                                        | answered without a server error |
      | GEN-servers[]-flavorRef-null        | servers[].flavorRef null                              | answered without a server error |
      | GEN-servers[]-flavorRef-minLength-1 | servers[].flavorRef of 0 characters (minLength 1 - 1) | answered without a server error |
      | GEN-tags-null                       | tags null                                             | answered without a server error |
      | GEN-tags[]-null                     | tags[] null                                           | answered without a server error |
      | GEN-tenancy-null                    | tenancy null                                          | answered without a server error |

    @core @BC-041 @readonly
    Examples: BC-041 Fields have the documented types (refused)
      | case                                 | change                           | verdict  |
      | GEN-primary_subnet_id-type-number    | primary_subnet_id as a number    | rejected |
      | GEN-primary_subnet_id-type-boolean   | primary_subnet_id as a boolean   | rejected |
      | GEN-primary_subnet_id-type-object    | primary_subnet_id as an object   | rejected |
      | GEN-primary_subnet_id-type-array     | primary_subnet_id as an array    | rejected |
      | GEN-server_group_id-type-number      | server_group_id as a number      | rejected |
      | GEN-server_group_id-type-boolean     | server_group_id as a boolean     | rejected |
      | GEN-server_group_id-type-object      | server_group_id as an object     | rejected |
      | GEN-server_group_id-type-array       | server_group_id as an array      | rejected |
      | GEN-servers[]-flavorRef-type-number  | servers[].flavorRef as a number  | rejected |
      | GEN-servers[]-flavorRef-type-boolean | servers[].flavorRef as a boolean | rejected |
      | GEN-servers[]-flavorRef-type-object  | servers[].flavorRef as an object | rejected |
      | GEN-servers[]-flavorRef-type-array   | servers[].flavorRef as an array  | rejected |
      | GEN-servers[]-server_id-type-number  | servers[].server_id as a number  | rejected |
      | GEN-servers[]-server_id-type-boolean | servers[].server_id as a boolean | rejected |
      | GEN-servers[]-server_id-type-object  | servers[].server_id as an object | rejected |
      | GEN-servers[]-server_id-type-array   | servers[].server_id as an array  | rejected |

    @extended @BX-010 @readonly
    Examples: BX-010 An unknown subnet is SDRS.1335 (refused)
      | case                          | change                             | verdict  |
      | GEN-primary_subnet_id-unknown | primary_subnet_id naming no subnet | rejected |

    @extended @BX-011
    Examples: BX-011 Tag rules (may create)
      | case                           | change                                        | verdict  |
      | GEN-tags-maxItems              | tags with as many items as maxItems 10        | accepted |
      | GEN-tags[]-key-minLength       | tags[].key of 1 character (minLength)         | accepted |
      | GEN-tags[]-key-maxLength       | tags[].key of 36 characters (maxLength)       | accepted |
      | GEN-tags[]-key-pattern-valid   | tags[].key of characters its pattern allows   | accepted |
      | GEN-tags[]-value-maxLength     | tags[].value of 43 characters (maxLength)     | accepted |
      | GEN-tags[]-value-pattern-valid | tags[].value of characters its pattern allows | accepted |

    @extended @BX-011 @readonly
    Examples: BX-011 Tag rules (refused)
      | case                          | change                                                  | verdict  |
      | GEN-tags-maxItems+1           | tags with one item more than maxItems 10                | rejected |
      | GEN-tags[]-type-string        | tags[] as a string                                      | rejected |
      | GEN-tags[]-type-number        | tags[] as a number                                      | rejected |
      | GEN-tags[]-type-boolean       | tags[] as a boolean                                     | rejected |
      | GEN-tags[]-type-array         | tags[] as an array                                      | rejected |
      | GEN-tags[]-key-missing        | tags[].key missing                                      | rejected |
      | GEN-tags[]-key-null           | tags[].key null                                         | rejected |
      | GEN-tags[]-key-type-number    | tags[].key as a number                                  | rejected |
      | GEN-tags[]-key-type-boolean   | tags[].key as a boolean                                 | rejected |
      | GEN-tags[]-key-type-object    | tags[].key as an object                                 | rejected |
      | GEN-tags[]-key-type-array     | tags[].key as an array                                  | rejected |
      | GEN-tags[]-key-minLength-1    | tags[].key of 0 characters (minLength 1 - 1)            | rejected |
      | GEN-tags[]-key-maxLength+1    | tags[].key of 37 characters (maxLength 36 + 1)          | rejected |
      | GEN-tags[]-key-pattern        | tags[].key with '\\', a character its pattern excludes  | rejected |
      | GEN-tags[]-value-null         | tags[].value null                                       | rejected |
      | GEN-tags[]-value-type-number  | tags[].value as a number                                | rejected |
      | GEN-tags[]-value-type-boolean | tags[].value as a boolean                               | rejected |
      | GEN-tags[]-value-type-object  | tags[].value as an object                               | rejected |
      | GEN-tags[]-value-type-array   | tags[].value as an array                                | rejected |
      | GEN-tags[]-value-maxLength+1  | tags[].value of 44 characters (maxLength 43 + 1)        | rejected |
      | GEN-tags[]-value-pattern      | tags[].value with '=', a character its pattern excludes | rejected |

    @extended @BX-012
    Examples: BX-012 tenancy is shared or dedicated (may create)
      | case                       | change                                | verdict  |
      | GEN-tenancy-enum-shared    | tenancy "shared", an allowed value    | accepted |
      | GEN-tenancy-enum-dedicated | tenancy "dedicated", an allowed value | accepted |

    @extended @BX-012 @readonly
    Examples: BX-012 tenancy is shared or dedicated (refused)
      | case             | change                                | verdict  |
      | GEN-tenancy-enum | tenancy not one of its allowed values | rejected |

    @extended @BX-021 @readonly
    Examples: BX-021 The fields only the SDK shows are typed and checked (refused)
      | case                               | change                            | verdict  |
      | GEN-cluster_id-type-number         | cluster_id as a number            | rejected |
      | GEN-cluster_id-type-boolean        | cluster_id as a boolean           | rejected |
      | GEN-cluster_id-type-object         | cluster_id as an object           | rejected |
      | GEN-cluster_id-type-array          | cluster_id as an array            | rejected |
      | GEN-cluster_id-unknown             | cluster_id naming no storage pool | rejected |
      | GEN-dedicated_host_id-type-number  | dedicated_host_id as a number     | rejected |
      | GEN-dedicated_host_id-type-boolean | dedicated_host_id as a boolean    | rejected |
      | GEN-dedicated_host_id-type-object  | dedicated_host_id as an object    | rejected |
      | GEN-dedicated_host_id-type-array   | dedicated_host_id as an array     | rejected |
      | GEN-tags-type-string               | tags as a string                  | rejected |
      | GEN-tags-type-number               | tags as a number                  | rejected |
      | GEN-tags-type-boolean              | tags as a boolean                 | rejected |
      | GEN-tags-type-object               | tags as an object                 | rejected |
      | GEN-tenancy-type-number            | tenancy as a number               | rejected |
      | GEN-tenancy-type-boolean           | tenancy as a boolean              | rejected |
      | GEN-tenancy-type-object            | tenancy as an object              | rejected |
      | GEN-tenancy-type-array             | tenancy as an array               | rejected |

    @extended @BX-024 @readonly
    Examples: BX-024 A body that breaks the schema is refused at once (refused)
      | case                                 | change                                                  | verdict                        |
      | GEN-protected_instances-missing      | protected_instances missing                             | rejected at once with HTTP 400 |
      | GEN-protected_instances-null         | protected_instances null                                | rejected at once with HTTP 400 |
      | GEN-protected_instances-type-string  | protected_instances as a string                         | rejected at once with HTTP 400 |
      | GEN-protected_instances-type-number  | protected_instances as a number                         | rejected at once with HTTP 400 |
      | GEN-protected_instances-type-boolean | protected_instances as a boolean                        | rejected at once with HTTP 400 |
      | GEN-protected_instances-type-array   | protected_instances as an array                         | rejected at once with HTTP 400 |
      | GEN-cluster_id-type-number           | cluster_id as a number                                  | rejected at once with HTTP 400 |
      | GEN-cluster_id-type-boolean          | cluster_id as a boolean                                 | rejected at once with HTTP 400 |
      | GEN-cluster_id-type-object           | cluster_id as an object                                 | rejected at once with HTTP 400 |
      | GEN-cluster_id-type-array            | cluster_id as an array                                  | rejected at once with HTTP 400 |
      | GEN-dedicated_host_id-type-number    | dedicated_host_id as a number                           | rejected at once with HTTP 400 |
      | GEN-dedicated_host_id-type-boolean   | dedicated_host_id as a boolean                          | rejected at once with HTTP 400 |
      | GEN-dedicated_host_id-type-object    | dedicated_host_id as an object                          | rejected at once with HTTP 400 |
      | GEN-dedicated_host_id-type-array     | dedicated_host_id as an array                           | rejected at once with HTTP 400 |
      | GEN-description-type-number          | description as a number                                 | rejected at once with HTTP 400 |
      | GEN-description-type-boolean         | description as a boolean                                | rejected at once with HTTP 400 |
      | GEN-description-type-object          | description as an object                                | rejected at once with HTTP 400 |
      | GEN-description-type-array           | description as an array                                 | rejected at once with HTTP 400 |
      | GEN-description-maxLength+1          | description of 65 characters (maxLength 64 + 1)         | rejected at once with HTTP 400 |
      | GEN-description-pattern              | description with '<', a character its pattern excludes  | rejected at once with HTTP 400 |
      | GEN-name_prefix-missing              | name_prefix missing                                     | rejected at once with HTTP 400 |
      | GEN-name_prefix-null                 | name_prefix null                                        | rejected at once with HTTP 400 |
      | GEN-name_prefix-type-number          | name_prefix as a number                                 | rejected at once with HTTP 400 |
      | GEN-name_prefix-type-boolean         | name_prefix as a boolean                                | rejected at once with HTTP 400 |
      | GEN-name_prefix-type-object          | name_prefix as an object                                | rejected at once with HTTP 400 |
      | GEN-name_prefix-type-array           | name_prefix as an array                                 | rejected at once with HTTP 400 |
      | GEN-name_prefix-minLength-1          | name_prefix of 0 characters (minLength 1 - 1)           | rejected at once with HTTP 400 |
      | GEN-name_prefix-maxLength+1          | name_prefix of 60 characters (maxLength 59 + 1)         | rejected at once with HTTP 400 |
      | GEN-name_prefix-pattern              | name_prefix with ':', a character its pattern excludes  | rejected at once with HTTP 400 |
      | GEN-primary_subnet_id-type-number    | primary_subnet_id as a number                           | rejected at once with HTTP 400 |
      | GEN-primary_subnet_id-type-boolean   | primary_subnet_id as a boolean                          | rejected at once with HTTP 400 |
      | GEN-primary_subnet_id-type-object    | primary_subnet_id as an object                          | rejected at once with HTTP 400 |
      | GEN-primary_subnet_id-type-array     | primary_subnet_id as an array                           | rejected at once with HTTP 400 |
      | GEN-server_group_id-missing          | server_group_id missing                                 | rejected at once with HTTP 400 |
      | GEN-server_group_id-null             | server_group_id null                                    | rejected at once with HTTP 400 |
      | GEN-server_group_id-type-number      | server_group_id as a number                             | rejected at once with HTTP 400 |
      | GEN-server_group_id-type-boolean     | server_group_id as a boolean                            | rejected at once with HTTP 400 |
      | GEN-server_group_id-type-object      | server_group_id as an object                            | rejected at once with HTTP 400 |
      | GEN-server_group_id-type-array       | server_group_id as an array                             | rejected at once with HTTP 400 |
      | GEN-server_group_id-minLength-1      | server_group_id of 0 characters (minLength 1 - 1)       | rejected at once with HTTP 400 |
      | GEN-servers-missing                  | servers missing                                         | rejected at once with HTTP 400 |
      | GEN-servers-null                     | servers null                                            | rejected at once with HTTP 400 |
      | GEN-servers-type-string              | servers as a string                                     | rejected at once with HTTP 400 |
      | GEN-servers-type-number              | servers as a number                                     | rejected at once with HTTP 400 |
      | GEN-servers-type-boolean             | servers as a boolean                                    | rejected at once with HTTP 400 |
      | GEN-servers-type-object              | servers as an object                                    | rejected at once with HTTP 400 |
      | GEN-servers-minItems-1               | servers with no items (minItems 1 - 1)                  | rejected at once with HTTP 400 |
      | GEN-servers-maxItems+1               | servers with one item more than the target's limit      | rejected at once with HTTP 400 |
      | GEN-servers[]-type-string            | servers[] as a string                                   | rejected at once with HTTP 400 |
      | GEN-servers[]-type-number            | servers[] as a number                                   | rejected at once with HTTP 400 |
      | GEN-servers[]-type-boolean           | servers[] as a boolean                                  | rejected at once with HTTP 400 |
      | GEN-servers[]-type-array             | servers[] as an array                                   | rejected at once with HTTP 400 |
      | GEN-servers[]-flavorRef-type-number  | servers[].flavorRef as a number                         | rejected at once with HTTP 400 |
      | GEN-servers[]-flavorRef-type-boolean | servers[].flavorRef as a boolean                        | rejected at once with HTTP 400 |
      | GEN-servers[]-flavorRef-type-object  | servers[].flavorRef as an object                        | rejected at once with HTTP 400 |
      | GEN-servers[]-flavorRef-type-array   | servers[].flavorRef as an array                         | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-missing      | servers[].server_id missing                             | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-null         | servers[].server_id null                                | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-type-number  | servers[].server_id as a number                         | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-type-boolean | servers[].server_id as a boolean                        | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-type-object  | servers[].server_id as an object                        | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-type-array   | servers[].server_id as an array                         | rejected at once with HTTP 400 |
      | GEN-servers[]-server_id-minLength-1  | servers[].server_id of 0 characters (minLength 1 - 1)   | rejected at once with HTTP 400 |
      | GEN-tags-type-string                 | tags as a string                                        | rejected at once with HTTP 400 |
      | GEN-tags-type-number                 | tags as a number                                        | rejected at once with HTTP 400 |
      | GEN-tags-type-boolean                | tags as a boolean                                       | rejected at once with HTTP 400 |
      | GEN-tags-type-object                 | tags as an object                                       | rejected at once with HTTP 400 |
      | GEN-tags-maxItems+1                  | tags with one item more than maxItems 10                | rejected at once with HTTP 400 |
      | GEN-tags[]-type-string               | tags[] as a string                                      | rejected at once with HTTP 400 |
      | GEN-tags[]-type-number               | tags[] as a number                                      | rejected at once with HTTP 400 |
      | GEN-tags[]-type-boolean              | tags[] as a boolean                                     | rejected at once with HTTP 400 |
      | GEN-tags[]-type-array                | tags[] as an array                                      | rejected at once with HTTP 400 |
      | GEN-tags[]-key-missing               | tags[].key missing                                      | rejected at once with HTTP 400 |
      | GEN-tags[]-key-null                  | tags[].key null                                         | rejected at once with HTTP 400 |
      | GEN-tags[]-key-type-number           | tags[].key as a number                                  | rejected at once with HTTP 400 |
      | GEN-tags[]-key-type-boolean          | tags[].key as a boolean                                 | rejected at once with HTTP 400 |
      | GEN-tags[]-key-type-object           | tags[].key as an object                                 | rejected at once with HTTP 400 |
      | GEN-tags[]-key-type-array            | tags[].key as an array                                  | rejected at once with HTTP 400 |
      | GEN-tags[]-key-minLength-1           | tags[].key of 0 characters (minLength 1 - 1)            | rejected at once with HTTP 400 |
      | GEN-tags[]-key-maxLength+1           | tags[].key of 37 characters (maxLength 36 + 1)          | rejected at once with HTTP 400 |
      | GEN-tags[]-key-pattern               | tags[].key with '\\', a character its pattern excludes  | rejected at once with HTTP 400 |
      | GEN-tags[]-value-null                | tags[].value null                                       | rejected at once with HTTP 400 |
      | GEN-tags[]-value-type-number         | tags[].value as a number                                | rejected at once with HTTP 400 |
      | GEN-tags[]-value-type-boolean        | tags[].value as a boolean                               | rejected at once with HTTP 400 |
      | GEN-tags[]-value-type-object         | tags[].value as an object                               | rejected at once with HTTP 400 |
      | GEN-tags[]-value-type-array          | tags[].value as an array                                | rejected at once with HTTP 400 |
      | GEN-tags[]-value-maxLength+1         | tags[].value of 44 characters (maxLength 43 + 1)        | rejected at once with HTTP 400 |
      | GEN-tags[]-value-pattern             | tags[].value with '=', a character its pattern excludes | rejected at once with HTTP 400 |
      | GEN-tenancy-type-number              | tenancy as a number                                     | rejected at once with HTTP 400 |
      | GEN-tenancy-type-boolean             | tenancy as a boolean                                    | rejected at once with HTTP 400 |
      | GEN-tenancy-type-object              | tenancy as an object                                    | rejected at once with HTTP 400 |
      | GEN-tenancy-type-array               | tenancy as an array                                     | rejected at once with HTTP 400 |
      | GEN-tenancy-enum                     | tenancy not one of its allowed values                   | rejected at once with HTTP 400 |
